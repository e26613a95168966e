package dev.warden.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.python.Parser;
import dev.warden.python.SourceDecoder;
import dev.warden.python.ast.Mod;
import dev.warden.python.ast.Stmt;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImportAliasesTest {
    static Mod.Module parse(String src) {
        return Parser.parse(SourceDecoder.decode("t.py", src.getBytes(StandardCharsets.UTF_8)).source()).module();
    }

    /** The canonical name of the expression on the last line of {@code src}. */
    static String resolve(String src) {
        Mod.Module m = parse(src);
        Stmt last = m.body().get(m.body().size() - 1);
        return ImportAliases.of(m).canonical(((Stmt.ExprStmt) last).value());
    }

    @Test
    void importAs() {
        assertEquals("subprocess.call", resolve("import subprocess as sp\nsp.call\n"));
        assertEquals("subprocess", resolve("import subprocess as sp\nsp\n"));
    }

    @Test
    void plainImport() {
        assertEquals("subprocess.call", resolve("import subprocess\nsubprocess.call\n"));
        assertEquals("subprocess", resolve("import subprocess\nsubprocess\n"));
    }

    @Test
    void fromImport() {
        assertEquals("subprocess.call", resolve("from subprocess import call\ncall\n"));
        assertEquals("subprocess.call", resolve("from subprocess import call as c\nc\n"));
        assertEquals("os.path.join", resolve("from os import path\npath.join\n"));
        assertEquals("a.b.c.d", resolve("from a.b import c\nc.d\n"));
    }

    @Test
    void dottedImportBindsFirstComponent() {
        assertEquals("os.path.join", resolve("import os.path\nos.path.join\n"));
        assertEquals("os", resolve("import os.path\nos\n"));
        ImportAliases a = ImportAliases.of(parse("import os.path\n"));
        assertTrue(a.isImported("os"));
        assertFalse(a.isImported("path"));
        assertFalse(a.isImported("os.path"));
    }

    @Test
    void dottedImportAs() {
        assertEquals("a.b.x", resolve("import a.b as c\nc.x\n"));
        assertEquals("a.b", resolve("import a.b as c\nc\n"));
    }

    @Test
    void relativeImportsKeepTheirDots() {
        assertEquals(".x", resolve("from . import x\nx\n"));
        assertEquals(".m.x.y", resolve("from .m import x\nx.y\n"));
        assertEquals("..x", resolve("from .. import x\nx\n"));
        assertEquals("...a.b.c", resolve("from ...a.b import c as q\nq\n"));
    }

    @Test
    void starImportBindsNothing() {
        ImportAliases a = ImportAliases.of(parse("from os import *\n"));
        assertFalse(a.isImported("*"));
        assertFalse(a.isImported("path"));
        assertNull(resolve("from os import *\npath\n"));
    }

    @Test
    void importsAnywhereCount() {
        String src = "def f():\n    import subprocess as sp\n"
                + "class C:\n    if x:\n        try:\n            from os import path\n        except E:\n            import json as j\n"
                + "with m:\n    while c:\n        for i in y:\n            import yaml as y2\n"
                + "match v:\n    case 1:\n        import re as r\n"
                + "sp.call\n";
        assertEquals("subprocess.call", resolve(src));
        ImportAliases a = ImportAliases.of(parse(src));
        assertEquals("os.path", a.canonicalOf("path"));
        assertEquals("json", a.canonicalOf("j"));
        assertEquals("yaml", a.canonicalOf("y2"));
        assertEquals("re", a.canonicalOf("r"));
    }

    @Test
    void importAfterUseStillCounts() {
        assertEquals("subprocess.call", resolve("sp.call\nimport subprocess as sp\nsp.call\n"));
    }

    @Test
    void theLastImportBeforeTheUseWins() {
        assertEquals("os.open", resolve("import subprocess as s\nimport os as s\ns.open\n"));
        assertEquals("b.x", resolve("from a import x\nfrom b import x\nx\n"));
        // an import after the use does not rename it
        Mod.Module m = parse("x\nfrom a import x\n");
        assertNull(ImportAliases.of(m).canonical(((Stmt.ExprStmt) m.body().get(0)).value()));
    }

    @Test
    void notImported() {
        assertNull(resolve("import os\nfoo\n"));
        assertEquals("foo.bar", resolve("import os\nfoo.bar\n"));
        assertNull(resolve("import os\nos.path.join()\n"));
        assertNull(resolve("import os\nos.f().x\n"));
        assertNull(resolve("import os\nos[0].x\n"));
        assertNull(resolve("import os\n'a'.join\n"));
        ImportAliases a = ImportAliases.of(parse("x = 1\n"));
        assertFalse(a.isImported("x"));
        assertNull(a.canonical(null));
        assertFalse(a.isImported(null));
    }

    @Test
    void multipleNamesInOneImport() {
        ImportAliases a = ImportAliases.of(parse("import efoo as f, bar as b\nfrom z import x, y as w\n"));
        assertEquals("efoo", a.canonicalOf("f"));
        assertEquals("bar", a.canonicalOf("b"));
        assertEquals("z.x", a.canonicalOf("x"));
        assertEquals("z.y", a.canonicalOf("w"));
        assertFalse(a.isImported("y"));
    }

    /** The cases of the conformance tests equivalence_naming_import, aliasing_attribute, constprop_used_twice. */
    @Test
    void conformanceCases() {
        String equivalence = "import subprocess.open\nfrom subprocess import open as sub_open\nimport subprocess as sub\n";
        assertEquals("subprocess.open", resolve(equivalence + "subprocess.open\n"));
        assertEquals("subprocess.open", resolve(equivalence + "sub_open\n"));
        assertEquals("subprocess.open", resolve(equivalence + "sub.open\n"));
        assertEquals("subprocess.not_open", resolve(equivalence + "sub.not_open\n"));

        String django = "import django.views.decorators.csrf.csrf_exempt\nfrom django.views.decorators.csrf import csrf_exempt\n";
        assertEquals("django.views.decorators.csrf.csrf_exempt", resolve(django + "csrf_exempt\n"));
        assertEquals("django.views.decorators.csrf.csrf_exempt", resolve(django + "django.views.decorators.csrf.csrf_exempt\n"));

        assertEquals("flask.response.set_cookie",
                resolve("import flask\nfrom flask import response as r\nr.set_cookie\n"));
    }

    @Test
    void neverThrowsOnBrokenInput() {
        String[] inputs = {"import\n", "from . import\n", "from import x\n", "import a as\n", "from x import (a,\n",
            "import .a\n", "def f(:\n  import os as o\no.x\n", "from .", ""};
        for (String src : inputs) {
            Mod.Module m = parse(src);
            ImportAliases a = ImportAliases.of(m);
            a.isImported("a");
        }
        assertFalse(ImportAliases.of(null).isImported("x"));
    }

    @Test
    void longAttributeChain() {
        StringBuilder sb = new StringBuilder("import a as b\nb");
        StringBuilder expected = new StringBuilder("a");
        for (int i = 0; i < 2000; i++) {
            sb.append(".x");
            expected.append(".x");
        }
        assertEquals(expected.toString(), resolve(sb.append('\n').toString()));
    }
}
