package dev.warden.python;

/**
 * Kinds of Python tokens, as CPython's tokenizer names them. Keywords get their own kinds so the
 * parser compares enums, not strings; soft keywords ({@code match}, {@code case}, {@code type},
 * {@code _}) stay {@link #NAME} because they are names everywhere else.
 */
public enum TokenKind {
    NAME, NUMBER, STRING,
    /** {@code f"} with its prefix; then FSTRING_MIDDLE text and replacement-field tokens; then FSTRING_END. */
    FSTRING_START, FSTRING_MIDDLE, FSTRING_END,
    NEWLINE, INDENT, DEDENT, ENDMARKER,
    /** A character or sequence the lexer could not make sense of; an error was recorded for it. */
    ERRORTOKEN,

    LPAR("("), RPAR(")"), LSQB("["), RSQB("]"), LBRACE("{"), RBRACE("}"),
    COLON(":"), COMMA(","), SEMI(";"), DOT("."), ELLIPSIS("..."), AT("@"), RARROW("->"),
    EQUAL("="), COLONEQUAL(":="), EXCLAMATION("!"), TILDE("~"),
    PLUS("+"), MINUS("-"), STAR("*"), SLASH("/"), DOUBLESLASH("//"), PERCENT("%"), DOUBLESTAR("**"),
    VBAR("|"), AMPER("&"), CIRCUMFLEX("^"), LEFTSHIFT("<<"), RIGHTSHIFT(">>"),
    EQEQUAL("=="), NOTEQUAL("!="), LESS("<"), GREATER(">"), LESSEQUAL("<="), GREATEREQUAL(">="),
    PLUSEQUAL("+="), MINEQUAL("-="), STAREQUAL("*="), SLASHEQUAL("/="), DOUBLESLASHEQUAL("//="),
    PERCENTEQUAL("%="), DOUBLESTAREQUAL("**="), VBAREQUAL("|="), AMPEREQUAL("&="),
    CIRCUMFLEXEQUAL("^="), LEFTSHIFTEQUAL("<<="), RIGHTSHIFTEQUAL(">>="), ATEQUAL("@="),

    FALSE("False"), NONE("None"), TRUE("True"), AND("and"), AS("as"), ASSERT("assert"),
    ASYNC("async"), AWAIT("await"), BREAK("break"), CLASS("class"), CONTINUE("continue"),
    DEF("def"), DEL("del"), ELIF("elif"), ELSE("else"), EXCEPT("except"), FINALLY("finally"),
    FOR("for"), FROM("from"), GLOBAL("global"), IF("if"), IMPORT("import"), IN("in"), IS("is"),
    LAMBDA("lambda"), NONLOCAL("nonlocal"), NOT("not"), OR("or"), PASS("pass"), RAISE("raise"),
    RETURN("return"), TRY("try"), WHILE("while"), WITH("with"), YIELD("yield");

    /** The fixed spelling of an operator or keyword; null for NAME, NUMBER, STRING and the like. */
    public final String text;

    TokenKind() { this(null); }

    TokenKind(String text) { this.text = text; }

    public boolean isKeyword() { return ordinal() >= FALSE.ordinal(); }
}
