package dev.rightsflow.auditlog.cases.model;

import java.time.LocalDate;

/** One task of a case, as the projection knows it. Plain mutable holder, owned by its {@link CaseFile}. */
public class CaseTask {
    public String taskId;
    public String systemId;
    public String action;
    public String connector;
    public TaskState state = TaskState.PLANNED;
    public LocalDate lastSafeDispatch;
    public int attempts;
    /** why the last attempt failed, as the connector reported it (no personal data by contract) */
    public String lastReason;
    public String instructions;
    public Boolean subjectFound;
    public Integer recordsAffected;
}
