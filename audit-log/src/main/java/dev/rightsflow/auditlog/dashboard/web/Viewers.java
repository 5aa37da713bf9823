package dev.rightsflow.auditlog.dashboard.web;

import java.security.Principal;

import org.springframework.stereotype.Component;

import dev.rightsflow.auditlog.cases.model.Viewer;
import dev.rightsflow.auditlog.dashboard.security.StaffDirectory;

/** The signed-in member of staff as a {@link Viewer}. */
@Component("auditLogViewers")
public class Viewers {

    private final StaffDirectory staff;

    public Viewers(StaffDirectory staff) {
        this.staff = staff;
    }

    public Viewer of(Principal principal) {
        return staff.viewer(principal.getName());
    }

    public String label(Principal principal) {
        Viewer v = of(principal);
        return staff.find(principal.getName()).map(u -> u.displayName() == null ? u.username() : u.displayName())
                .orElse(principal.getName()) + (v.admin() ? " (all organisations)" : " · " + v.organisationId());
    }
}
