package dev.rightsflow.router.registry.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.rightsflow.schemas.model.Action;

/**
 * One organisation in the registry: a controller for some data, a processor for other data, or
 * both (MES, ECS, Empower, Research in Practice are both, depending on the service).
 *
 * @param id                     stable id, also the Kafka key of its {@code OrganisationPublished}
 * @param name                   display name
 * @param division               UK division whose bank holidays time its deadlines
 * @param tenant                 whether it runs its requests on this platform; if not, requests for
 *                               which it is controller are forwarded to it ({@link #forwarding})
 * @param autoAccept             accept verified requests by policy; otherwise staff decide (Art 12(4)-(5))
 * @param rights                 identity verification per right (Art 12(6)); rights not listed need none
 * @param targets                its own promise, stricter than the statute (Empower: 5 / 20 working days)
 * @param processorApi           how it authenticates when forwarding to the platform's processor API
 * @param forwarding             how a request reaches it when it is an external controller
 * @param alerts                 where deadline alerts go
 * @param services               services or sites it names, each with its controller and processors
 * @param systems                its data map as controller: which systems hold what about whom
 * @param recipients             recipients to tell after rectification, erasure or restriction (Art 19)
 * @param independentControllers independent controllers the subject is signposted to, never tasked
 * @param allowedOutboundHosts   hosts ({@code crm.internal.example}) or {@code host:port} that calls made for this
 *                               organisation (signed forwarding, OpenDSR callbacks) may reach although they resolve
 *                               to a loopback, private, link-local or metadata address; empty: none (the demo
 *                               registry allows its local stand-ins)
 * @param requestRetentionDays   how long its request records (the requester's personal data in events and
 *                               projections) are kept after the case is closed, in days; then the router erases
 *                               them (crypto-shredding, root README "Retention and crypto-shredding"); null: kept
 *                               until erased by other means (Art 5(1)(e): set it)
 * @param mailbox                its inbound mailbox, read by intake over IMAP (null: none)
 * @param webhooks               its signed outbound webhooks and its pre-approval webhook (none by default)
 * @param consentPurposes        its catalogue of consent purposes in plain words (Art 7(3): withdrawing consent must be
 *                               as easy as giving it, so the subject chooses from what they consented to); every
 *                               purpose a system serves ({@link DataSystem#consentPurposes}) is one of these
 */
public record Organisation(
        String id,
        String name,
        Division division,
        boolean tenant,
        boolean autoAccept,
        List<RightPolicy> rights,
        Targets targets,
        ProcessorApi processorApi,
        Forwarding forwarding,
        Alerts alerts,
        List<Service> services,
        List<DataSystem> systems,
        List<Recipient> recipients,
        List<IndependentController> independentControllers,
        List<String> allowedOutboundHosts,
        Integer requestRetentionDays,
        Mailbox mailbox,
        Webhooks webhooks,
        List<ConsentPurpose> consentPurposes) {

    /** An organisation without an inbound mailbox or webhooks. */
    public Organisation(String id, String name, Division division, boolean tenant, boolean autoAccept,
            List<RightPolicy> rights, Targets targets, ProcessorApi processorApi, Forwarding forwarding, Alerts alerts,
            List<Service> services, List<DataSystem> systems, List<Recipient> recipients,
            List<IndependentController> independentControllers, List<String> allowedOutboundHosts,
            Integer requestRetentionDays, List<ConsentPurpose> consentPurposes) {
        this(id, name, division, tenant, autoAccept, rights, targets, processorApi, forwarding, alerts, services,
                systems, recipients, independentControllers, allowedOutboundHosts, requestRetentionDays, null, null,
                consentPurposes);
    }

    /** An organisation without consent purposes. */
    public Organisation(String id, String name, Division division, boolean tenant, boolean autoAccept,
            List<RightPolicy> rights, Targets targets, ProcessorApi processorApi, Forwarding forwarding, Alerts alerts,
            List<Service> services, List<DataSystem> systems, List<Recipient> recipients,
            List<IndependentController> independentControllers, List<String> allowedOutboundHosts,
            Integer requestRetentionDays, Mailbox mailbox, Webhooks webhooks) {
        this(id, name, division, tenant, autoAccept, rights, targets, processorApi, forwarding, alerts, services,
                systems, recipients, independentControllers, allowedOutboundHosts, requestRetentionDays, mailbox, webhooks,
                List.of());
    }

    /** An organisation without an inbound mailbox, webhooks or consent purposes. */
    public Organisation(String id, String name, Division division, boolean tenant, boolean autoAccept,
            List<RightPolicy> rights, Targets targets, ProcessorApi processorApi, Forwarding forwarding, Alerts alerts,
            List<Service> services, List<DataSystem> systems, List<Recipient> recipients,
            List<IndependentController> independentControllers, List<String> allowedOutboundHosts,
            Integer requestRetentionDays) {
        this(id, name, division, tenant, autoAccept, rights, targets, processorApi, forwarding, alerts, services,
                systems, recipients, independentControllers, allowedOutboundHosts, requestRetentionDays, null, null,
                List.of());
    }

    /** An organisation without a retention period for its request records. */
    public Organisation(String id, String name, Division division, boolean tenant, boolean autoAccept,
            List<RightPolicy> rights, Targets targets, ProcessorApi processorApi, Forwarding forwarding, Alerts alerts,
            List<Service> services, List<DataSystem> systems, List<Recipient> recipients,
            List<IndependentController> independentControllers, List<String> allowedOutboundHosts) {
        this(id, name, division, tenant, autoAccept, rights, targets, processorApi, forwarding, alerts, services,
                systems, recipients, independentControllers, allowedOutboundHosts, null);
    }

    /** An organisation that allows no internal outbound host. */
    public Organisation(String id, String name, Division division, boolean tenant, boolean autoAccept,
            List<RightPolicy> rights, Targets targets, ProcessorApi processorApi, Forwarding forwarding, Alerts alerts,
            List<Service> services, List<DataSystem> systems, List<Recipient> recipients,
            List<IndependentController> independentControllers) {
        this(id, name, division, tenant, autoAccept, rights, targets, processorApi, forwarding, alerts, services,
                systems, recipients, independentControllers, List.of());
    }

    public Organisation {
        allowedOutboundHosts = allowedOutboundHosts == null ? List.of() : List.copyOf(allowedOutboundHosts);
        consentPurposes = consentPurposes == null ? List.of() : List.copyOf(consentPurposes);
        rights = rights == null ? List.of() : List.copyOf(rights);
        services = services == null ? List.of() : List.copyOf(services);
        systems = systems == null ? List.of() : List.copyOf(systems);
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        independentControllers = independentControllers == null ? List.of() : List.copyOf(independentControllers);
        targets = targets == null ? Targets.NONE : targets;
        processorApi = processorApi == null ? ProcessorApi.NONE : processorApi;
        forwarding = forwarding == null ? Forwarding.MANUAL : forwarding;
        alerts = alerts == null ? Alerts.NONE : alerts;
        webhooks = webhooks == null ? Webhooks.NONE : webhooks;
    }

    /** This organisation without the named service or site (absent: unchanged). */
    public Organisation withoutService(String serviceId) {
        return new Organisation(id, name, division, tenant, autoAccept, rights, targets, processorApi, forwarding, alerts,
                services.stream().filter(s -> !s.id().equals(serviceId)).toList(), systems, recipients,
                independentControllers, allowedOutboundHosts, requestRetentionDays, mailbox, webhooks, consentPurposes);
    }

    /** This organisation without the named system in its data map (absent: unchanged). */
    public Organisation withoutSystem(String systemId) {
        return new Organisation(id, name, division, tenant, autoAccept, rights, targets, processorApi, forwarding, alerts,
                services, systems.stream().filter(s -> !s.id().equals(systemId)).toList(), recipients,
                independentControllers, allowedOutboundHosts, requestRetentionDays, mailbox, webhooks, consentPurposes);
    }

    public Organisation withForwarding(Forwarding newForwarding) {
        return new Organisation(id, name, division, tenant, autoAccept, rights, targets, processorApi, newForwarding,
                alerts, services, systems, recipients, independentControllers, allowedOutboundHosts,
                requestRetentionDays, mailbox, webhooks, consentPurposes);
    }

    /** This organisation with another outbound allow-list. */
    public Organisation withAllowedOutboundHosts(List<String> hosts) {
        return new Organisation(id, name, division, tenant, autoAccept, rights, targets, processorApi, forwarding,
                alerts, services, systems, recipients, independentControllers, hosts, requestRetentionDays, mailbox, webhooks, consentPurposes);
    }

    /** This organisation with another retention period for its request records (null: none). */
    public Organisation withRequestRetentionDays(Integer days) {
        return new Organisation(id, name, division, tenant, autoAccept, rights, targets, processorApi, forwarding,
                alerts, services, systems, recipients, independentControllers, allowedOutboundHosts, days, mailbox, webhooks, consentPurposes);
    }

    /** This organisation with other webhooks. */
    public Organisation withWebhooks(Webhooks newWebhooks) {
        return new Organisation(id, name, division, tenant, autoAccept, rights, targets, processorApi, forwarding,
                alerts, services, systems, recipients, independentControllers, allowedOutboundHosts,
                requestRetentionDays, mailbox, newWebhooks, consentPurposes);
    }

    /** Whether a new case waits for this organisation's pre-approval webhook before anything is planned. */
    public boolean preApprovalRequired() {
        return webhooks.preApproval() != null;
    }

    /** The verification this organisation asks for before acting on a right. */
    public Verification verificationFor(Right right) {
        return rights.stream().filter(p -> p.right() == right).map(RightPolicy::verification).findFirst()
                .orElse(Verification.NONE);
    }

    /** The purpose of its catalogue with this id (ids compare without regard to case). */
    public Optional<ConsentPurpose> consentPurpose(String purposeId) {
        return consentPurposes.stream().filter(p -> p.id().equalsIgnoreCase(purposeId)).findFirst();
    }

    public Optional<Service> service(String serviceId) {
        return services.stream().filter(s -> s.id().equals(serviceId)).findFirst();
    }

    /**
     * A purpose the organisation asks consent for, as the subject gave it (Art 7(3)): a withdrawal
     * names it by {@code id}; the subject reads {@code name}, and {@code description} says what is
     * done under it, in the words of the organisation's privacy notice.
     */
    public record ConsentPurpose(String id, String name, String description) {
    }

    /** Identity verification for a right (Art 12(6)). */
    public record RightPolicy(Right right, Verification verification) {
        public RightPolicy {
            verification = verification == null ? Verification.NONE : verification;
        }
    }

    /**
     * The organisation's own response promise, counted in working days of its division from the
     * start of the clock. Null fields mean no promise beyond the statute.
     */
    public record Targets(Integer acknowledgeWorkingDays, Integer respondWorkingDays) {
        public static final Targets NONE = new Targets(null, null);
    }

    /**
     * Credentials for the processor API: the method and the name of the secret (an environment
     * variable or property), never the secret itself.
     */
    public record ProcessorApi(ProcessorAuthMethod auth, String secretRef) {
        public static final ProcessorApi NONE = new ProcessorApi(ProcessorAuthMethod.NONE, null);

        public ProcessorApi {
            auth = auth == null ? ProcessorAuthMethod.NONE : auth;
        }
    }

    /**
     * How a request reaches this organisation as an external controller. {@code secretRef} names
     * the HMAC key shared with it; {@code contact} is where a person sends it when {@code MANUAL}.
     */
    public record Forwarding(ForwardingMode mode, String endpoint, String secretRef, String contact) {
        public static final Forwarding MANUAL = new Forwarding(ForwardingMode.MANUAL, null, null, null);

        public Forwarding {
            mode = mode == null ? ForwardingMode.MANUAL : mode;
        }
    }

    public record Alerts(String email, String webhook) {
        public static final Alerts NONE = new Alerts(null, null);
    }

    /**
     * The mailbox where people email the organisation their requests (the address its privacy notice
     * publishes), read by intake over IMAP. The password is never here: {@code passwordSecretRef} names
     * the secret (resolved by intake like every other secret). {@code conventions} are the subject lines
     * the organisation asks people to use, each with the right it means, or none when staff must read the
     * mail to tell the right (triage).
     *
     * @param tls    IMAP over TLS (IMAPS); default true
     * @param port   default 993 with TLS, 143 without
     * @param folder default INBOX
     */
    public record Mailbox(String address, String host, Integer port, Boolean tls, String username, String folder,
            String passwordSecretRef, List<SubjectConvention> conventions) {
        public Mailbox {
            tls = tls == null ? Boolean.TRUE : tls;
            port = port == null ? (tls ? 993 : 143) : port;
            folder = folder == null || folder.isBlank() ? "INBOX" : folder;
            conventions = conventions == null ? List.of() : List.copyOf(conventions);
        }
    }

    /** A subject line an organisation asks people to use ("Consent withdrawal") and the right it means; null: triage. */
    public record SubjectConvention(String subject, Right right) {
    }

    /**
     * A service or site. {@code controllerId} answers for it unless a relationship rule says
     * otherwise (a Research in Practice user covered by a Partner's membership).
     */
    public record Service(String id, String name, String controllerId, List<String> processorIds,
            List<RelationshipRule> relationships) {
        public Service {
            processorIds = processorIds == null ? List.of() : List.copyOf(processorIds);
            relationships = relationships == null ? List.of() : List.copyOf(relationships);
        }
    }

    /** "A subject whose relationship to the service is {@code relationship} has {@code controllerId} as controller." */
    public record RelationshipRule(String relationship, String controllerId, String explanation) {
    }

    /**
     * A system holding personal data for this controller: its own, a processor's or a
     * sub-processor's.
     *
     * @param id              stable id within the controller, part of every task id
     * @param name            display name
     * @param heldBy          organisation or vendor that runs it (for a processor, its id in the registry)
     * @param connector       connector type: manual, mailchimp, qualtrics, smartsurvey, hotjar, matomo, generic-rest, opendsr
     * @param config          connector settings, never secrets (secrets by reference: {@code secretRef})
     * @param categories      data categories it holds
     * @param dataSubjects    whom it holds data about (members, staff, survey respondents...)
     * @param lawfulBasis     the Art 6(1) basis of its processing
     * @param actions         actions its connector can carry out
     * @param consentPurposes consent purposes it serves (Art 7(3) withdrawal reaches it for these)
     * @param directMarketing whether it is used for direct marketing (an objection suppresses there)
     * @param retention       its retention rule in words
     * @param slaDays         the holder's turnaround in working days, for the last safe dispatch date
     * @param exemptions      categories kept despite erasure, with their legal basis (Art 17(3))
     * @param subjectIdentifiers what the system finds the subject by, the only parts of the subject its tasks carry
     *                        (Art 5(1)(c)): {@code name}, {@code email}, {@code phone}, {@code postalAddress} or the
     *                        name of one of the subject's identifiers ({@code membershipNumber}); empty: the email
     *                        and the identifiers, and the name too for a person (connector {@code manual})
     */
    public record DataSystem(String id, String name, String heldBy, String connector, Map<String, String> config,
            List<String> categories, List<String> dataSubjects, LawfulBasis lawfulBasis, List<Action> actions,
            List<String> consentPurposes, boolean directMarketing, String retention, Integer slaDays,
            List<ExemptionRule> exemptions, List<String> subjectIdentifiers) {

        /** A system that names no identifiers: its tasks carry the defaults. */
        public DataSystem(String id, String name, String heldBy, String connector, Map<String, String> config,
                List<String> categories, List<String> dataSubjects, LawfulBasis lawfulBasis, List<Action> actions,
                List<String> consentPurposes, boolean directMarketing, String retention, Integer slaDays,
                List<ExemptionRule> exemptions) {
            this(id, name, heldBy, connector, config, categories, dataSubjects, lawfulBasis, actions, consentPurposes,
                    directMarketing, retention, slaDays, exemptions, List.of());
        }

        public DataSystem {
            subjectIdentifiers = subjectIdentifiers == null ? List.of() : List.copyOf(subjectIdentifiers);
            config = config == null ? Map.of() : Map.copyOf(config);
            categories = categories == null ? List.of() : List.copyOf(categories);
            dataSubjects = dataSubjects == null ? List.of() : List.copyOf(dataSubjects);
            actions = actions == null ? List.of() : List.copyOf(actions);
            consentPurposes = consentPurposes == null ? List.of() : List.copyOf(consentPurposes);
            exemptions = exemptions == null ? List.of() : List.copyOf(exemptions);
            lawfulBasis = lawfulBasis == null ? LawfulBasis.LEGITIMATE_INTERESTS : lawfulBasis;
        }

        public boolean supports(Action action) {
            return actions.contains(action);
        }
    }

    /**
     * A category kept despite erasure. {@code category} null means the whole system.
     * {@code legalBasis} names the law (e.g. "Art 17(3)(b) UK GDPR; Charities Accounts (Scotland) Regulations 2006").
     */
    public record ExemptionRule(String category, String legalBasis, String explanation) {
    }

    /** A recipient to tell under Art 19, and the connector that reaches it (manual when none). */
    public record Recipient(String id, String name, String connector, Map<String, String> config) {
        public Recipient {
            config = config == null ? Map.of() : Map.copyOf(config);
            connector = connector == null ? "manual" : connector;
        }
    }

    /** An independent controller (PayPal, BT MyDonate): the subject is signposted, no task is sent. */
    public record IndependentController(String name, String explanation, String contact) {
    }
}
