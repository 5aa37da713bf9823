/**
 * Rightsflow processor connectors, feature first: {@code spi} (the connector interface), {@code vendors} and
 * {@code databases} (the connectors), {@code tasks} (the runner and its tasks), {@code lanes} (rate limits and vendor
 * pauses), {@code packages} (access packages), {@code catalogue} (installed connectors, Art 15 information), and the
 * shared {@code kafka} entry and {@code web} security.
 */
package dev.rightsflow.connectors;
