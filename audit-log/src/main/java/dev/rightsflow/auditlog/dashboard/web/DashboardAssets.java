package dev.rightsflow.auditlog.dashboard.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The dashboard's static files, {@code /dashboard/assets/**} from {@code classpath:/dashboard/assets/}: the
 * pages' style sheet ({@code dashboard.css}), the audit record's ({@code export.css}) and the one script, the
 * live-update listener ({@code live.js}). Being files of the page's own origin, the Content-Security-Policy
 * allows them with {@code 'self'} and no inline script or style at all. Open without signing in (the sign-in
 * page needs the style sheet too); they hold nothing but code.
 */
@Configuration(value = "auditLogDashboardAssets", proxyBeanMethods = false)
public class DashboardAssets {

    /** The path the pages link to. */
    public static final String PATH = "/dashboard/assets/";

    @Bean
    public RouterFunction<ServerResponse> auditLogDashboardAssetRoutes() {
        return RouterFunctions.resources(PATH + "**", new ClassPathResource("dashboard/assets/"));
    }
}
