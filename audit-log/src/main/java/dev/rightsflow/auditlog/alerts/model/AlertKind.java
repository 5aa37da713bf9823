package dev.rightsflow.auditlog.alerts.model;

/** The deadline alerts, each raised once per case, due date (and task). */
public enum AlertKind {
    /** 7 working days or fewer left to the statutory due date (Art 12(3)) */
    DUE_IN_7_WORKING_DAYS,
    /** 3 working days or fewer left */
    DUE_IN_3_WORKING_DAYS,
    /** 1 working day or fewer left */
    DUE_IN_1_WORKING_DAY,
    /** the statutory due date has passed and the request is not answered */
    OVERDUE,
    /**
     * the first month is nearly over, work is still open and no extension has been given: an
     * extension needs the subject told, with reasons, inside the first month (Art 12(3))
     */
    EXTENSION_NOTICE_OWED,
    /** a task has not completed by its last safe dispatch date: raised by the router only, recorded and sent on here */
    TASK_AT_RISK,
    /**
     * a provisional deadline (worked out from the rules because gov.uk had not published the
     * year's bank holidays) moved when the published list arrived; the due date is the new one
     */
    PROVISIONAL_DEADLINE_MOVED
}
