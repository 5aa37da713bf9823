package dev.rightsflow.auditlog.cases.application;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.rightsflow.auditlog.cases.model.CaseFile;

/** Where case projections are kept. A projection: it can be dropped and rebuilt from the topics. */
public interface CaseStore {

    Mono<CaseFile> find(String requestId);

    Mono<Void> save(CaseFile file);

    /**
     * Cases an organisation may see (controller, receiver or processor), or every case when
     * {@code organisationId} is null; only open ones (not closed or refused) when {@code openOnly}.
     */
    Flux<CaseFile> visibleTo(String organisationId, boolean openOnly);

    Mono<Long> count();

    Mono<Void> dropForRebuild();
}
