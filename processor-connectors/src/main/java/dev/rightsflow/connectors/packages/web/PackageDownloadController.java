package dev.rightsflow.connectors.packages.web;

import java.util.List;

import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.rightsflow.connectors.packages.application.AccessPackages;
import dev.rightsflow.connectors.spi.ConfigProblem;
import dev.rightsflow.connectors.web.Problems;
import dev.rightsflow.schemas.api.ProblemException;
import dev.rightsflow.schemas.api.ProblemType;
import reactor.core.publisher.Mono;

/**
 * The subject downloads their access package with the status token intake gave them. The token
 * travels in the {@code X-Status-Token} header (or {@code Authorization: Bearer}) on GET, or in the
 * form field {@code token} on POST: never in the URL, so it stays out of access logs and browser
 * history. Answers: 200 with the ZIP; 403 for a wrong or missing token; 404 for an unknown
 * package; 410 when the link has expired. Every successful download is audited
 * ({@code AccessPackageDownloaded}).
 */
@RestController("connectorsPackageDownloadController")
public class PackageDownloadController {

    private final AccessPackages packages;

    public PackageDownloadController(AccessPackages packages) {
        this.packages = packages;
    }

    /** The old {@code /connectors/packages/...} links (mails already sent) arrive here through the legacy alias. */
    @GetMapping("/api/v1/packages/{packageId}")
    public Mono<ResponseEntity<Object>> download(@PathVariable String packageId,
            @RequestHeader(name = "X-Status-Token", required = false) String token,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        String given = token != null ? token
                : authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7).trim() : null;
        return answer(packageId, given);
    }

    @PostMapping(path = "/api/v1/packages/{packageId}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public Mono<ResponseEntity<Object>> downloadWithForm(@PathVariable String packageId, ServerWebExchange exchange) {
        return exchange.getFormData().map(form -> tokenOf(form)).defaultIfEmpty("").flatMap(token -> answer(packageId, token));
    }

    private static String tokenOf(MultiValueMap<String, String> form) {
        String token = form.getFirst("token");
        return token == null ? "" : token;
    }

    private Mono<ResponseEntity<Object>> answer(String packageId, String token) {
        if (token == null || token.isBlank()) {
            return Mono.error(Problems.invalid("the status token is missing",
                    List.of(new ConfigProblem("token", "send the status token in the X-Status-Token header or the form field 'token'"))));
        }
        return packages.download(packageId, token).map(result -> {
            if (result instanceof AccessPackages.Download.Ok ok) {
                return ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType("application/zip"))
                        .cacheControl(CacheControl.noStore())
                        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(ok.fileName()).build().toString())
                        .<Object>body(ok.zip());
            }
            if (result instanceof AccessPackages.Download.Expired expired) {
                return refuse(ProblemType.GONE, "the package expired at " + expired.expiredAt() + "; ask the organisation for a new one");
            }
            if (result instanceof AccessPackages.Download.RequestNotYetKnown) {
                throw new ProblemException(ProblemType.UNAVAILABLE,
                        "the package's request is still on its way to this service; try again in a few seconds",
                        List.of(), java.util.Map.of(), 5L);
            }
            if (result instanceof AccessPackages.Download.Forbidden) {
                return refuse(ProblemType.FORBIDDEN, "the token does not belong to this package's request");
            }
            return refuse(ProblemType.NOT_FOUND, "no package is ready under this id");
        });
    }

    private static ResponseEntity<Object> refuse(ProblemType type, String detail) {
        throw new ProblemException(type, detail);
    }
}
