/**
 * Lanes feature: how fast and how much each connector or system may call its vendor (the rate limit, counted per HTTP
 * request by {@code RateLimitedHttpClient}), the lane and vendor state operators see ({@code LaneStatus}), and the log
 * of pauses and resumptions published on the compacted LANES topic ({@code LaneLog}, {@code kafka.KafkaLaneLog}).
 */
package dev.rightsflow.connectors.lanes;
