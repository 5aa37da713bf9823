package dev.rightsflow.auditlog.dashboard.web;

import java.security.Principal;

import org.springframework.stereotype.Component;

import dev.rightsflow.auditlog.cases.model.Viewer;
import dev.rightsflow.auditlog.dashboard.security.StaffDirectory;
import dev.rightsflow.auditlog.registry.RegistryView;

/** The signed-in member of staff as a {@link Viewer}, and as the pages name them (with their organisation's name). */
@Component("auditLogViewers")
public class Viewers {

    private final StaffDirectory staff;
    private final RegistryView registry;

    public Viewers(StaffDirectory staff, RegistryView registry) {
        this.staff = staff;
        this.registry = registry;
    }

    public Viewer of(Principal principal) {
        return staff.viewer(principal.getName());
    }

    public String label(Principal principal) {
        Viewer v = of(principal);
        return staff.find(principal.getName()).map(u -> u.displayName() == null ? u.username() : u.displayName())
                .orElse(principal.getName()) + (v.admin() ? " (all organisations)" : " · " + registry.name(v.organisationId()));
    }
}
