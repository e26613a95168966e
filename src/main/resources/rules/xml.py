import xml.etree.ElementTree as ET
import xml.sax
import xml.sax.expatreader
from xml.dom import minidom
from xml.sax.handler import feature_external_ges

import defusedxml.ElementTree as SafeET
from lxml import etree


def read(data, path):
    # ruleid: warden.python.xml.stdlib-parser
    root = ET.fromstring(data)
    # ruleid: warden.python.xml.stdlib-parser
    doc = minidom.parseString(data)
    # ruleid: warden.python.xml.stdlib-parser
    parser = xml.sax.make_parser()
    # ruleid: warden.python.xml.stdlib-parser
    reader = xml.sax.expatreader.create_parser()
    # ok: warden.python.xml.stdlib-parser
    safe = SafeET.fromstring(data)
    # ok: warden.python.xml.stdlib-parser
    out = ET.tostring(root)
    # ok: warden.python.xml.stdlib-parser
    elem = ET.Element("item")

    # ruleid: warden.python.xml.external-entities-enabled
    parser.setFeature(feature_external_ges, True)
    # ok: warden.python.xml.external-entities-enabled
    parser.setFeature(feature_external_ges, False)

    # ruleid: warden.python.xml.lxml-entities
    tree = etree.parse(path)
    # ruleid: warden.python.xml.lxml-entities
    loose = etree.XMLParser(remove_blank_text=True)
    strict = etree.XMLParser(resolve_entities=False, no_network=True)
    # ok: warden.python.xml.lxml-entities
    tree2 = etree.fromstring(data, parser=strict)
    # ok: warden.python.xml.lxml-entities
    tree3 = etree.parse(path, strict)
    # ok: warden.python.xml.lxml-entities
    text = etree.tostring(tree3)
    return doc, reader, safe, out, elem, tree, loose, tree2, text
