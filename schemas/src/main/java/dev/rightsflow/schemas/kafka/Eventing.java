package dev.rightsflow.schemas.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.support.SendResult;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.ExponentialBackOff;

import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.privacy.KafkaKeyStore;
import dev.rightsflow.schemas.privacy.PersonalDataCipher;
import dev.rightsflow.schemas.serde.AvroSingleObjectSerde;
import dev.rightsflow.schemas.serde.EventSerde;
import dev.rightsflow.schemas.state.ProjectionState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tag;

/**
 * The Kafka plumbing every service uses, so that all four behave the same: idempotent producers
 * with {@code acks=all}; consumers that wrap the event deserializer in an
 * {@link ErrorHandlingDeserializer}; one {@link DefaultErrorHandler} per service that retries with
 * bounded exponential back-off and then publishes the record to that service's named dead-letter
 * topic, so the listener carries on and nothing is silently dropped.
 *
 * <p>Each service calls these from its own configuration class and names the beans for itself. Its
 * listener containers run {@link KafkaSettings#listenerConcurrency()} consumers each, assigned with the
 * Range assignor so that a consumer gets the same partition numbers of every topic it reads.
 *
 * <p>Metrics go to Micrometer's global registry, to which Spring Boot adds the application's
 * registry (Prometheus): the Kafka clients' own metrics (consumer lag among them: {@code
 * kafka.consumer.fetch.manager.records.lag} per topic and partition, {@code …records.lag.max} per consumer)
 * through spring-kafka's Micrometer listeners, tagged {@code service}; and the error handler's failed deliveries
 * ({@code rightsflow.kafka.delivery.failures}) and dead letters ({@code rightsflow.kafka.dead.letters}). The clients
 * register no JMX MBeans ({@code metric.reporters} is empty): Micrometer reads their metrics directly, and each client's
 * hundreds of MBeans cost a start CPU for nothing.
 */
public final class Eventing {

    /**
     * How long the broker holds an idle consumer's fetch (Kafka's default: 500 ms). Idle, each consumer fetched twice
     * a second and heartbeated twice a second: the broker's handling of those requests was most of what the
     * standalone burned with no traffic. A record still returns at once (fetch.min.bytes=1).
     */
    static final int FETCH_MAX_WAIT_MS = 2_000;

    /** How often a consumer heartbeats (Kafka's default: 3 s): see {@link #consumerFactory}. */
    static final int HEARTBEAT_INTERVAL_MS = 500;

    private Eventing() {
    }

    public static DefaultKafkaProducerFactory<String, Object> producerFactory(KafkaSettings settings, String clientId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.METRIC_REPORTER_CLASSES_CONFIG, "");
        DefaultKafkaProducerFactory<String, Object> factory = new DefaultKafkaProducerFactory<>(props);
        factory.setKeySerializer(new StringSerializer());
        factory.setValueSerializer(new EventSerializer(new AvroSingleObjectSerde(), personalData(settings)));
        factory.addListener(new MicrometerProducerListener<>(Metrics.globalRegistry, List.of(Tag.of("service", clientId))));
        return factory;
    }

    /**
     * A template that owns its producer factory: destroying the template (when its context closes)
     * closes the producer, so a closed service leaves no producer thread behind.
     */
    public static KafkaTemplate<String, Object> template(KafkaSettings settings, String clientId) {
        DefaultKafkaProducerFactory<String, Object> factory = producerFactory(settings, clientId);
        return new KafkaTemplate<>(factory) {
            @Override
            public void destroy() {
                super.destroy();
                factory.destroy();
                KafkaKeyStore.shared(settings).close();
            }
        };
    }

    public static ConsumerFactory<String, SpecificRecord> consumerFactory(KafkaSettings settings, String groupId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Range (and the classic group protocol it belongs to) gives each consumer of a container the same
        // partition numbers of every topic it reads: with equal partition counts, one request's records on
        // several topics are handled by one consumer thread, as they were with one consumer per container.
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        // Idle, a consumer costs what it asks of the broker: a fetch that waits fetch.max.wait.ms for a record (500 ms
        // by default) and a heartbeat every heartbeat.interval.ms. With fetch.min.bytes=1 (the default) the broker
        // answers a waiting fetch as soon as a record arrives, so the longer wait adds nothing to a record's latency;
        // it only bounds how soon a consumer fetches again after a seek or a resume while its fetch waits (a retry).
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
        // A consumer learns that its group rebalances (another consumer joined or left) at its next heartbeat:
        // 3 s by default, paid once or twice per group at every start with several consumers in a group. 500 ms keeps
        // that short; a heartbeat each second made ProjectionStateTest's four joining consumers miss their window.
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, HEARTBEAT_INTERVAL_MS);
        props.put(ConsumerConfig.METRIC_REPORTER_CLASSES_CONFIG, "");
        DefaultKafkaConsumerFactory<String, SpecificRecord> factory = new DefaultKafkaConsumerFactory<>(props,
                new StringDeserializer(), new ErrorHandlingDeserializer<>(new EventDeserializer(new AvroSingleObjectSerde(),
                        personalData(settings))));
        factory.addListener(new MicrometerConsumerListener<>(Metrics.globalRegistry, List.of(Tag.of("service", groupId))));
        return factory;
    }

    /**
     * The cipher that seals and opens the requester's personal data in events, with this JVM's key store for the
     * cluster (the compacted {@code rightsflow.keys} topic).
     */
    public static PersonalDataCipher personalData(KafkaSettings settings) {
        return new PersonalDataCipher(new AvroSingleObjectSerde(), KafkaKeyStore.shared(settings));
    }

    public static DefaultErrorHandler errorHandler(KafkaSettings settings, KafkaTemplate<String, Object> template,
            String deadLetterTopic) {
        return errorHandler(settings, template, deadLetterTopic, null, null);
    }

    /**
     * As above; with a {@link ProjectionState}, a record sent to the dead-letter topic also counts
     * as handled in the service's store, so it is not handled again after a restart.
     */
    public static DefaultErrorHandler errorHandler(KafkaSettings settings, KafkaTemplate<String, Object> template,
            String deadLetterTopic, ProjectionState state, String groupId) {
        return errorHandler(settings, template, deadLetterTopic, state, groupId, false);
    }

    /**
     * @param batch for batch listeners: a batch failure that names no record counts as a failure of
     *              its first record ({@link ProjectionState#namingTheFailedRecord}), so records are retried
     *              and dead-lettered one at a time, as with record listeners
     */
    private static DefaultErrorHandler errorHandler(KafkaSettings settings, KafkaTemplate<String, Object> template,
            String deadLetterTopic, ProjectionState state, String groupId, boolean batch) {
        DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(template,
                (record, exception) -> new TopicPartition(deadLetterTopic, -1));
        ConsumerRecordRecoverer recoverer = state == null ? publisher
                : (record, exception) -> state.recovered(groupOf(record, groupId), publisher).accept(record, exception);
        ExponentialBackOff backOff = new ExponentialBackOff(settings.retryInitial().toMillis(), 2.0);
        backOff.setMaxInterval(settings.retryMax().toMillis());
        backOff.setMaxAttempts(Math.max(0, settings.retryAttempts() - 1));
        DefaultErrorHandler handler = !batch ? new DefaultErrorHandler(recoverer, backOff)
                : new DefaultErrorHandler(recoverer, backOff) {
                    @Override
                    public void handleBatch(Exception thrown, org.apache.kafka.clients.consumer.ConsumerRecords<?, ?> data,
                            org.apache.kafka.clients.consumer.Consumer<?, ?> consumer,
                            org.springframework.kafka.listener.MessageListenerContainer container, Runnable invokeListener) {
                        super.handleBatch(ProjectionState.namingTheFailedRecord(thrown, data), data, consumer, container,
                                invokeListener);
                    }
                };
        handler.addNotRetryableExceptions(EventSerde.UndecodableEventException.class, IllegalArgumentException.class);
        handler.setRetryListeners(countingRetryListener(deadLetterTopic));
        return handler;
    }

    /** Counts failed deliveries and dead letters per service (named after its dead-letter topic) and source topic. */
    private static RetryListener countingRetryListener(String deadLetterTopic) {
        String service = deadLetterTopic.startsWith("rightsflow.dlt.") ? deadLetterTopic.substring("rightsflow.dlt.".length())
                : deadLetterTopic;
        return new RetryListener() {
            @Override
            public void failedDelivery(org.apache.kafka.clients.consumer.ConsumerRecord<?, ?> record, Exception ex,
                    int deliveryAttempt) {
                Counter.builder("rightsflow.kafka.delivery.failures")
                        .description("Records a listener failed to handle (each is retried with back-off, then dead-lettered)")
                        .tag("service", service).tag("topic", record.topic()).register(Metrics.globalRegistry).increment();
            }

            @Override
            public void recovered(org.apache.kafka.clients.consumer.ConsumerRecord<?, ?> record, Exception ex) {
                Counter.builder("rightsflow.kafka.dead.letters")
                        .description("Records sent to the service's dead-letter topic after the retries ran out")
                        .tag("service", service).tag("topic", record.topic()).register(Metrics.globalRegistry).increment();
            }
        };
    }

    private static String groupOf(org.apache.kafka.clients.consumer.ConsumerRecord<?, ?> record, String fallback) {
        return ProjectionState.groupOf(record, fallback);
    }

    /**
     * A listener container factory whose containers build the service's state the one way
     * ({@link ProjectionState}): they start from the store's offsets, note where history ends,
     * and store each handled record's offset with the projection.
     */
    public static ConcurrentKafkaListenerContainerFactory<String, SpecificRecord> listenerFactory(
            KafkaSettings settings, String groupId, KafkaTemplate<String, Object> template, String deadLetterTopic,
            ProjectionState state) {
        ConcurrentKafkaListenerContainerFactory<String, SpecificRecord> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumerFactory(settings, groupId));
        factory.setCommonErrorHandler(errorHandler(settings, template, deadLetterTopic, state, groupId));
        state.configure(factory);
        concurrent(factory, settings);
        return factory;
    }

    /**
     * As {@link #listenerFactory(KafkaSettings, String, KafkaTemplate, String, ProjectionState)}, for batch
     * listeners ({@code List<ConsumerRecord>} per poll; {@link ProjectionState#configureBatch}): a listener that
     * fails names the record it failed at ({@link ProjectionState#failedAt}), which is retried and dead-lettered
     * as a record listener's would be.
     */
    public static ConcurrentKafkaListenerContainerFactory<String, SpecificRecord> batchListenerFactory(
            KafkaSettings settings, String groupId, KafkaTemplate<String, Object> template, String deadLetterTopic,
            ProjectionState state) {
        ConcurrentKafkaListenerContainerFactory<String, SpecificRecord> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumerFactory(settings, groupId));
        factory.setCommonErrorHandler(errorHandler(settings, template, deadLetterTopic, state, groupId, true));
        state.configureBatch(factory);
        concurrent(factory, settings);
        return factory;
    }

    /**
     * Runs each container with {@link KafkaSettings#listenerConcurrency()} consumers, at most as many as the
     * topics get partitions ({@link KafkaSettings#partitions()}), and one when every topic it reads has one
     * partition (the registry, lanes and dead-letter topics): consumers beyond the partitions would stand
     * idle and only add rebalances. A listener's own {@code concurrency} attribute wins over the factory's and
     * is only ever lowered here.
     */
    private static <V> void concurrent(ConcurrentKafkaListenerContainerFactory<String, V> factory, KafkaSettings settings) {
        factory.setConcurrency(Math.max(1, Math.min(settings.listenerConcurrency(), settings.partitions())));
        factory.setContainerCustomizer(container -> {
            String[] topics = container.getContainerProperties().getTopics();
            if (topics != null && java.util.Arrays.stream(topics).allMatch(TopicAdmin::singlePartition)) {
                container.setConcurrency(1);
            }
        });
    }

    /** A listener container factory for one service: its group, its error handler, its dead-letter topic. */
    public static ConcurrentKafkaListenerContainerFactory<String, SpecificRecord> listenerFactory(
            KafkaSettings settings, String groupId, KafkaTemplate<String, Object> template, String deadLetterTopic) {
        ConcurrentKafkaListenerContainerFactory<String, SpecificRecord> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumerFactory(settings, groupId));
        factory.setCommonErrorHandler(errorHandler(settings, template, deadLetterTopic));
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.RECORD);
        factory.getContainerProperties().setObservationEnabled(false);
        return factory;
    }

    /** Publishes an event keyed by its request id; completes when the broker acknowledged it. */
    public static CompletableFuture<SendResult<String, Object>> publish(KafkaTemplate<String, Object> template,
            String topic, SpecificRecord event) {
        return template.send(topic, Events.requestId(event), event);
    }
}
