package dev.warden.python.ast;
final class CPythonDump {}
