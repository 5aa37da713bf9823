package dev.rightsflow.intake.opendsr.application;

import reactor.core.publisher.Mono;

/** Delivers one signed OpenDSR status callback (§8.6) to one URL. */
public interface StatusCallbacks {

    /** Completes when the URL acknowledged with 2xx; fails otherwise (the caller retries later). */
    Mono<Void> send(String url, byte[] body);
}
