package dev.rightsflow.auditlog.dashboard.application;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;



import dev.rightsflow.auditlog.cases.application.CaseIndex;
import dev.rightsflow.auditlog.cases.application.CaseQueries;
import dev.rightsflow.auditlog.cases.application.CaseView;
import dev.rightsflow.auditlog.cases.model.CaseFile;
import dev.rightsflow.auditlog.cases.model.CaseStatus;
import dev.rightsflow.auditlog.cases.model.CaseTask;
import dev.rightsflow.auditlog.cases.model.Viewer;

/** The figures behind the dashboard's charts, over the cases the viewer may see. */
public class DashboardStats {

    /**
     * @param casesByWeek        requests received per ISO week (label {@code 2026-W36}), last 12 weeks with any
     * @param answered           cases closed or refused
     * @param answeredOnTime     of those, answered on or before the statutory due date as it stood
     * @param onTimeRate         answeredOnTime / answered, 0..100, null when nothing was answered
     * @param medianDaysToClose  calendar days from receipt to closing, median; null when nothing was closed
     * @param failingByConnector tasks failed or retrying, per connector
     * @param open               open cases; {@code overdue} and {@code atRisk} among them
     */
    public record Stats(Map<String, Long> casesByWeek, long answered, long answeredOnTime, Long onTimeRate,
            Long medianDaysToClose, Map<String, Long> failingByConnector, long open, long overdue, long atRisk) {
    }

    private final CaseQueries cases;

    public DashboardStats(CaseQueries cases) {
        this.cases = cases;
    }

    /** The figures from the case index's maintained counters: no pass over the cases. */
    public Stats of(Viewer viewer) {
        CaseIndex.Figures f = cases.figures(viewer);
        return new Stats(f.casesByWeek(), f.answered(), f.answeredOnTime(),
                f.answered() == 0 ? null : Math.round(100.0 * f.answeredOnTime() / f.answered()),
                f.medianDaysToClose(), f.failingByConnector(), f.open(), f.overdue(), f.atRisk());
    }

    /**
     * The same figures counted by one pass over every case: what the maintained counters must equal
     * (the tests and the benchmark compare the two).
     */
    public Stats recount(List<CaseView> views) {
        Map<String, Long> byWeek = new TreeMap<>();
        Map<String, Long> failing = new TreeMap<>();
        List<Long> daysToClose = new ArrayList<>();
        long answered = 0;
        long onTime = 0;
        long open = 0;
        long overdue = 0;
        long atRisk = 0;
        for (CaseView v : views) {
            CaseFile f = v.file();
            if (f.receivedAt != null) {
                LocalDate d = CaseFile.ukDate(f.receivedAt);
                String week = d.get(IsoFields.WEEK_BASED_YEAR) + "-W"
                        + String.format("%02d", d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
                byWeek.merge(week, 1L, Long::sum);
            }
            for (CaseTask t : f.tasks) {
                if (t.attempts > 0 || t.state == dev.rightsflow.auditlog.cases.model.TaskState.FAILED) {
                    failing.merge(t.connector == null ? t.systemId : t.connector, 1L, Long::sum);
                }
            }
            if (f.status.open()) {
                open++;
                overdue += v.deadline().overdue() ? 1 : 0;
                atRisk += !v.deadline().overdue() && v.atRisk() ? 1 : 0;
            } else if (f.closedAt != null || f.status == CaseStatus.REFUSED) {
                answered++;
                LocalDate answeredOn = CaseFile.ukDate(f.closedAt != null ? f.closedAt : f.lastEventAt);
                LocalDate due = v.deadline().statutoryDue();
                if (due != null && answeredOn != null && !answeredOn.isAfter(due)) {
                    onTime++;
                }
                if (f.receivedAt != null && f.closedAt != null) {
                    daysToClose.add(ChronoUnit.DAYS.between(CaseFile.ukDate(f.receivedAt), CaseFile.ukDate(f.closedAt)));
                }
            }
        }
        Map<String, Long> lastWeeks = new LinkedHashMap<>();
        List<String> weeks = new ArrayList<>(byWeek.keySet());
        weeks.subList(Math.max(0, weeks.size() - 12), weeks.size()).forEach(w -> lastWeeks.put(w, byWeek.get(w)));
        return new Stats(lastWeeks, answered, onTime, answered == 0 ? null : Math.round(100.0 * onTime / answered),
                median(daysToClose), failing, open, overdue, atRisk);
    }

    static Long median(List<Long> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : Math.round((sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0);
    }
}
