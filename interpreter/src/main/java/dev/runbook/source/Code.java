package dev.runbook.source;

/**
 * Every kind of finding the front end reports, with its stable id. The ids are part of the
 * JSON schema and of the documentation (docs/diagnostics.md): never renumber one.
 */
public enum Code {
    // syntax: the text is not a runbook
    SYNTAX("E001", Severity.ERROR, "syntax error"),
    UNTERMINATED_STRING("E002", Severity.ERROR, "string not closed"),
    BAD_CHARACTER("E003", Severity.ERROR, "character not allowed"),
    INDENTATION("E004", Severity.ERROR, "indentation"),
    BAD_STEP_NUMBER("E005", Severity.ERROR, "step number"),
    BAD_INTERPOLATION("E006", Severity.ERROR, "string interpolation"),
    BAD_ESCAPE("E007", Severity.ERROR, "escape in a string"),
    UNREADABLE("E008", Severity.ERROR, "file not readable"),

    // names
    UNKNOWN_NAME("E100", Severity.ERROR, "unknown name"),
    UNKNOWN_VERB("E101", Severity.ERROR, "unknown verb"),
    UNKNOWN_MODULE("E102", Severity.ERROR, "module or runbook not found"),
    UNKNOWN_TYPE("E103", Severity.ERROR, "unknown type"),
    UNKNOWN_FIELD("E104", Severity.ERROR, "unknown field"),
    UNKNOWN_VALUE("E105", Severity.ERROR, "unknown state or value"),
    DUPLICATE_NAME("E106", Severity.ERROR, "name declared twice"),
    UNKNOWN_BUILTIN("E107", Severity.ERROR, "unknown built-in procedure"),
    CYCLIC_USE("E108", Severity.ERROR, "modules use each other in a cycle"),

    // calls and types
    ARITY("E200", Severity.ERROR, "wrong number of arguments"),
    TYPE_MISMATCH("E201", Severity.ERROR, "wrong type"),
    LITERAL_SECRET("E202", Severity.ERROR, "secret written in the file"),
    BAD_DURATION("E203", Severity.ERROR, "duration"),
    UNKNOWN_ARGUMENT("E204", Severity.ERROR, "unknown argument"),
    MISSING_ARGUMENT("E205", Severity.ERROR, "missing argument"),
    NOT_A_CONDITION("E206", Severity.ERROR, "not a condition"),
    AMBIGUOUS_ARGUMENT("E207", Severity.ERROR, "argument both a keyword and a name"),
    RELEASE_AS_TEXT("E208", Severity.ERROR, "release compared with text"),
    BAD_NAME("E209", Severity.ERROR, "not a valid host, database or user name"),

    // placement
    WRONG_HOST("E300", Severity.ERROR, "command on the wrong host"),
    NO_HOST("E301", Severity.ERROR, "command without a host"),
    NO_DATABASE("E302", Severity.ERROR, "statement needs a database"),

    // structure
    DUPLICATE_STEP("E400", Severity.ERROR, "step number used twice"),
    DECREASING_STEP("E401", Severity.ERROR, "step numbers out of order"),
    BAD_HEADER("E402", Severity.ERROR, "header"),
    NOT_IN_MODULE("E403", Severity.ERROR, "not allowed in a module"),
    NOT_IN_RUNBOOK("E404", Severity.ERROR, "not allowed in a runbook"),
    BAD_DECLARATION("E405", Severity.ERROR, "verb or model declaration"),
    ONLINE_WITHOUT_TARGET("E406", Severity.ERROR, "online runbook without an application target"),

    // model vocabulary
    BAD_EFFECT("E500", Severity.ERROR, "effect outside the model"),

    // warnings
    UNUSED_PARAM("W100", Severity.WARNING, "unused parameter"),
    UNUSED_USE("W101", Severity.WARNING, "unused module"),
    SHADOWED_NAME("W102", Severity.WARNING, "name hides another"),
    UNVERIFIED("W103", Severity.WARNING, "raw command the model cannot verify"),

    INTERNAL("E999", Severity.ERROR, "internal error");

    private final String id;
    private final Severity severity;
    private final String title;

    Code(String id, Severity severity, String title) {
        this.id = id;
        this.severity = severity;
        this.title = title;
    }

    public String id() { return id; }

    public Severity severity() { return severity; }

    public String title() { return title; }
}
