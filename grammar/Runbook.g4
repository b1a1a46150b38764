// The Runbook language. No actions: layout (INDENT/DEDENT) is injected by
// dev.runbook.parse.LayoutTokenSource, and the parse tree is turned into the
// project's own AST by dev.runbook.parse.AstBuilder.
grammar Runbook;

tokens { INDENT, DEDENT }

// ---------------------------------------------------------------- file
file
    : header? item* EOF
    ;

header
    : RUNBOOK name STRING? NL (INDENT headerClause+ DEDENT)?      # runbookHeader
    | MODULE name STRING? NL                                     # moduleHeader
    ;

headerClause
    : SOURCE STRING (SECTION STRING)? (LINES NUMBER (MINUS NUMBER)?)? NL   # sourceClause
    | ONLINE (name DURATION)? NL                                          # onlineClause
    | REQUIRE expr NL                                                     # requireClause
    ;

item
    : USE qualifiedName (AS name)? NL                                  # useItem
    | PARAM name (COLON type)? (ASSIGN expr)? NL                       # paramItem
    | STEP stepId STRING? COLON body                                   # stepItem
    | EXPECT expr NL                                                   # expectItem
    | TYPE name ASSIGN name (PIPE name)* NL                            # typeItem
    | ENTITY name COLON NL INDENT fieldDecl+ DEDENT                    # entityItem
    | kind=(VERB | QUERY) name signature (ARROW type)? COLON NL INDENT verbClause+ DEDENT  # verbItem
    | INVARIANT invariantId STRING COLON NL INDENT verbClause+ DEDENT  # invariantItem
    | BUILTIN name LPAREN (sigParam (COMMA sigParam)*)? RPAREN (ARROW type)? COLON NL INDENT verbClause+ DEDENT  # builtinItem
    ;

// `I-01`, `SITE-2`: read back from the adjacent tokens' text by the AST builder.
invariantId
    : stepToken+
    ;

// `7`, `2a`, `3.1`, `17-22`: read back from the adjacent tokens' text by the AST builder.
stepId
    : stepToken+
    ;

stepToken
    : NUMBER | DURATION | ID | MINUS | DOT
    ;

fieldDecl
    : FIELD name COLON type (ASSIGN expr)? NL
    ;

signature
    : sigGroup*
    ;

// `(db: database)` is positional; `from (source: database)` is a keyword argument.
sigGroup
    : name? LPAREN sigParam RPAREN
    ;

sigParam
    : name COLON type (ASSIGN expr)?
    ;

verbClause
    : DOC STRING NL                                   # docClause
    | RUNS STRING (IF expr)? NL                       # runsClause
    | SQL STRING (IF expr)? NL                        # sqlClause
    | MANUAL STRING NL                                # manualClause
    | ON expr NL                                      # placeClause
    | PROMPT STRING ANSWER primary SECRET? NL         # promptClause
    | READS STRING NL                                 # readsClause
    | MODEL expr NL                                   # modelClause
    | DESTRUCTIVE NL                                  # destructiveClause
    | TAKES DURATION NL                               # takesClause
    | REQUIRES expr (ELSE STRING)? NL                 # requiresClause
    | EFFECT path ASSIGN expr (IF expr)? NL           # effectClause
    ;

type
    : LBRACK type RBRACK                              # listType
    | name                                            # namedType
    ;

// ---------------------------------------------------------------- statements
body
    : inlineStmt NL                                   # inlineBody
    | NL INDENT stmt+ DEDENT                          # blockBody
    ;

// `step 2: on standby.host: repStop standby` on one line
inlineStmt
    : ON expr COLON inlineStmt                        # inlineOn
    | simpleStmt                                      # inlineSimple
    ;

stmt
    : simpleStmt NL                                   # simpleStatement
    | ON expr COLON body                              # onStatement
    | FOR name IN expr COLON body                     # forStatement
    | ifStmt                                          # ifStatement
    ;

ifStmt
    : IF expr COLON body (ELSE (ifStmt | COLON body))?
    ;

simpleStmt
    : WAIT expr TIMEOUT DURATION (EVERY DURATION)?    # waitStmt
    | EXPECT expr                                     # expectStmt
    | MANUAL STRING                                   # manualStmt
    | CONFIRM STRING                                  # confirmStmt
    | SH STRING                                       # shStmt
    | SQL primary STRING                              # sqlStmt
    | CALL name LPAREN (expr (COMMA expr)*)? RPAREN   # callStmt
    | RUN qualifiedName (LPAREN (namedArg (COMMA namedArg)*)? RPAREN)?  # runStmt
    | name argument*                                  # verbStmt
    ;

namedArg
    : name ASSIGN expr
    ;

argument
    : primary
    ;

// ---------------------------------------------------------------- expressions
expr
    : name OF expr                                    # fieldOfExpr
    | name primary+                                   # queryExpr
    | primary ON primary                              # placedExpr
    | primary                                         # primaryExpr
    | expr op=(PLUS | MINUS) expr                     # concatExpr
    | expr op=(LT | LE | GT | GE) expr                # compareExpr
    | expr op=(EQ | NE) expr                          # equalityExpr
    | expr IN expr                                    # memberExpr
    | NOT expr                                        # notExpr
    | expr AND expr                                   # andExpr
    | expr OR expr                                    # orExpr
    // `all x in LIST: COND`: the condition extends as far right as it can, so it binds loosest
    | quantifier=(ALL | ANY | COUNT) name IN expr COLON expr  # quantifiedExpr
    ;

primary
    : STRING                                          # stringLiteral
    | NUMBER                                          # numberLiteral
    | DURATION                                        # durationLiteral
    | TRUE                                            # trueLiteral
    | FALSE                                           # falseLiteral
    | HERE                                            # hereLiteral
    | LBRACK (expr (COMMA expr)* COMMA?)? RBRACK      # listLiteral
    | LPAREN expr RPAREN                              # parenExpr
    | path                                            # pathExpr
    ;

path
    : name (DOT name)*
    ;

qualifiedName
    : name (DOT name)*
    ;

// Words that open a clause only at the start of a line are usable as names elsewhere.
name
    : ID | SOURCE | SECTION | LINES | ONLINE | REQUIRE | AS | FIELD | DOC | RUNS
    | PROMPT | ANSWER | SECRET | READS | MODEL | DESTRUCTIVE | TAKES | REQUIRES | EFFECT
    | TYPE | ENTITY | BUILTIN | MODULE | MANUAL | INVARIANT
    ;

// ---------------------------------------------------------------- lexer
RUNBOOK     : 'runbook' ;
MODULE      : 'module' ;
USE         : 'use' ;
PARAM       : 'param' ;
STEP        : 'step' ;
ON          : 'on' ;
FOR         : 'for' ;
IN          : 'in' ;
IF          : 'if' ;
ELSE        : 'else' ;
WAIT        : 'wait' ;
TIMEOUT     : 'timeout' ;
EVERY       : 'every' ;
EXPECT      : 'expect' ;
MANUAL      : 'manual' ;
CONFIRM     : 'confirm' ;
SH          : 'sh' ;
SQL         : 'sql' ;
CALL        : 'call' ;
RUN         : 'run' ;
AND         : 'and' ;
OR          : 'or' ;
NOT         : 'not' ;
OF          : 'of' ;
TRUE        : 'true' ;
FALSE       : 'false' ;
HERE        : 'here' ;
ALL         : 'all' ;
ANY         : 'any' ;
COUNT       : 'count' ;
VERB        : 'verb' ;
QUERY       : 'query' ;
INVARIANT   : 'invariant' ;
// contextual words (see `name`)
SOURCE      : 'source' ;
SECTION     : 'section' ;
LINES       : 'lines' ;
ONLINE      : 'online' ;
REQUIRE     : 'require' ;
AS          : 'as' ;
TYPE        : 'type' ;
ENTITY      : 'entity' ;
BUILTIN     : 'builtin' ;
FIELD       : 'field' ;
DOC         : 'doc' ;
RUNS        : 'runs' ;
PROMPT      : 'prompt' ;
ANSWER      : 'answer' ;
SECRET      : 'secret' ;
READS       : 'reads' ;
MODEL       : 'model' ;
DESTRUCTIVE : 'destructive' ;
TAKES       : 'takes' ;
REQUIRES    : 'requires' ;
EFFECT      : 'effect' ;

ARROW   : '->' ;
EQ      : '==' ;
NE      : '!=' ;
LE      : '<=' ;
GE      : '>=' ;
LT      : '<' ;
GT      : '>' ;
ASSIGN  : '=' ;
COLON   : ':' ;
COMMA   : ',' ;
DOT     : '.' ;
PIPE    : '|' ;
PLUS    : '+' ;
MINUS   : '-' ;
LPAREN  : '(' ;
RPAREN  : ')' ;
LBRACK  : '[' ;
RBRACK  : ']' ;

DURATION : [0-9]+ ('ms' | 's' | 'm' | 'h' | 'd') ;
NUMBER   : [0-9]+ ('.' [0-9]+)* ;
ID       : [a-zA-Z_] [a-zA-Z0-9_]* ('-' [a-zA-Z_] [a-zA-Z0-9_]*)* ;

STRING
    : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"'
    | '\'' (~['\\\r\n] | '\\' ~[\r\n])* '\''
    ;
UNTERMINATED_STRING
    : '"' (~["\\\r\n] | '\\' ~[\r\n])*
    | '\'' (~['\\\r\n] | '\\' ~[\r\n])*
    ;

// channel 2 is the comment channel (LayoutTokenSource.COMMENTS); combined grammars cannot name channels
COMMENT : '#' ~[\r\n]* -> channel(2) ;
NL      : '\r'? '\n' ;
WS      : [ \t\f]+ -> channel(HIDDEN) ;
ERROR_CHAR : . ;
