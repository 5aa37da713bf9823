package dev.rightsflow.router.webhooks.application;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.rightsflow.router.webhooks.model.Delivery;

/** Where the webhook deliveries are kept (MongoDB), a fold of the cases topic. Blocking. */
public interface DeliveryStore {

    Optional<Delivery> find(String deliveryId);

    /** Inserts or replaces the delivery. */
    void save(Delivery delivery);

    /** Pending deliveries whose next attempt is due at {@code now}, the longest waiting first, at most {@code limit}. */
    List<Delivery> due(Instant now, int limit);

    /** The organisation's deliveries, newest first, at most {@code limit}. */
    List<Delivery> ofOrganisation(String organisationId, int limit);

    void clear();
}
