package dev.rightsflow.intake.mailbox;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.rightsflow.intake.registry.application.RegistryView;
import dev.rightsflow.intake.shared.application.RepeatingRound;
import dev.rightsflow.intake.registry.model.Organisation;
import dev.rightsflow.schemas.secrets.Secrets;
import dev.rightsflow.schemas.state.ProjectionState;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reads every organisation's inbound mailbox (registry {@code mailbox}) every {@code poll-every}, one mailbox after
 * the other, at most {@code max-per-poll} mails each, and never before intake has caught up with its topics (its
 * registry and idempotency records must be complete, or a mail read before could be taken again). The password is
 * the secret the registry names ({@code passwordSecretRef}), resolved by the one rule of {@link Secrets}; a mailbox whose secret is missing is skipped, said once in the log. A failing
 * server is logged without the mail's content and tried again at the next poll; the mails stay unseen.
 */
public class MailboxPoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MailboxPoller.class);
    /**
     * How long one mail's submission may take: longer than the producer's delivery timeout (15 s) and the key
     * store's, so a broker that is down ends in "unavailable" (mail left unseen), not in a timeout here.
     */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final RegistryView registry;
    private final MailboxIntake intake;
    private final MailboxProperties properties;
    private final Secrets secrets;
    private final ProjectionState state;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final RepeatingRound loop;

    public MailboxPoller(RegistryView registry, MailboxIntake intake, MailboxProperties properties, Secrets secrets,
            ProjectionState state) {
        this.registry = registry;
        this.intake = intake;
        this.properties = properties;
        this.secrets = secrets;
        this.state = state;
        this.loop = new RepeatingRound("mailbox", properties.pollEvery(), properties.pollEvery(), this::pollAll);
    }

    /** Reads every configured mailbox once (the loop's round; tests call it to poll now). Emits the mails taken. */
    public Mono<Integer> pollAll() {
        if (!state.ready()) {
            return Mono.just(0);
        }
        return registry.all().flatMapMany(Flux::fromIterable)
                .filter(o -> o.mailbox() != null)
                .concatMap(o -> pollOne(o).onErrorResume(e -> {
                    // the IMAP server's answer helps the operator (refused login, unknown folder); nothing else is
                    // logged beyond the exception's class, as other messages might quote data
                    log.warn("mailbox of {} not read: {}{}; its mails wait for the next poll", o.id(),
                            e.getClass().getSimpleName(), e instanceof jakarta.mail.MessagingException && e.getMessage() != null
                                    ? " (" + e.getMessage().lines().findFirst().orElse("") + ")" : "");
                    return Mono.just(0);
                }))
                .reduce(0, Integer::sum);
    }

    private Mono<Integer> pollOne(Organisation organisation) {
        Optional<String> password = password(organisation.mailbox().passwordSecretRef());
        if (password.isEmpty()) {
            if (warned.add(organisation.id() + "\u001f" + organisation.mailbox().passwordSecretRef())) {
                log.warn("mailbox of {} not read: its password secret {} is not set", organisation.id(),
                        organisation.mailbox().passwordSecretRef());
            }
            return Mono.just(0);
        }
        ImapMailbox mailbox = new ImapMailbox(organisation.mailbox(), password.get(), properties.timeout());
        return Mono.fromCallable(() -> mailbox.poll(properties.maxPerPoll(),
                        mail -> intake.take(organisation, mail).block(PATIENCE)))
                .subscribeOn(Schedulers.boundedElastic())
                .doOnNext(polled -> {
                    if (polled.taken() > 0 || polled.left() > 0) {
                        log.info("mailbox of {}: {} mail(s) taken, {} left for the next poll", organisation.id(),
                                polled.taken(), polled.left());
                    }
                })
                .map(ImapMailbox.Polled::taken);
    }

    private Optional<String> password(String secretRef) {
        return secrets.find(secretRef);
    }

    @Override
    public void start() {
        if (properties.enabled()) {
            loop.start();
        }
    }

    @Override
    public void stop() {
        loop.stop();
    }

    @Override
    public boolean isRunning() {
        return loop.running();
    }
}
