package dev.rightsflow.router.cases.model;

/**
 * The staff commands the case model decides, each by its type name in the event contract ({@link #type()}: the
 * name {@code CommandRejected.command} repeats and the router's {@code CaseClock.allowedActions} lists). Which of
 * them the case takes now is one function of the case ({@link CaseDecisions#whyNot}), the one its command handling
 * asks before deciding a command, so what the router states on its clock and what it then does cannot differ.
 * A withdrawal is a {@code CloseCase} (outcome {@code withdrawn}); the connectors' commands (manual task
 * confirmation, retry) and identity confirmation are not the case model's.
 */
public enum CaseAction {
    ACCEPT("AcceptRequest"),
    REFUSE("RefuseRequest"),
    ASK_CLARIFICATION("AskClarification"),
    RECORD_CLARIFICATION("RecordClarificationReceived"),
    EXTEND("ExtendDeadline"),
    CLOSE("CloseCase"),
    RESOLVE_TRIAGE("ResolveTriage");

    private final String type;

    CaseAction(String type) {
        this.type = type;
    }

    /** The command's type name in the event contract. */
    public String type() {
        return type;
    }

    /** The action a command asks for. */
    public static CaseAction of(CaseCommand command) {
        if (command instanceof CaseCommand.AcceptRequest) {
            return ACCEPT;
        } else if (command instanceof CaseCommand.RefuseRequest) {
            return REFUSE;
        } else if (command instanceof CaseCommand.AskClarification) {
            return ASK_CLARIFICATION;
        } else if (command instanceof CaseCommand.RecordClarificationReceived) {
            return RECORD_CLARIFICATION;
        } else if (command instanceof CaseCommand.ExtendDeadline) {
            return EXTEND;
        } else if (command instanceof CaseCommand.CloseCase) {
            return CLOSE;
        }
        return RESOLVE_TRIAGE;
    }
}
