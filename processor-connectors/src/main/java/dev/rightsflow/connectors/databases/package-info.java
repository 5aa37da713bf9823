/**
 * Database connectors: PostgreSQL and MariaDB/MySQL over JDBC (one HikariCP pool per system) and
 * MongoDB through its driver. Each system's data map (its flat connector configuration, read by
 * {@link dev.rightsflow.connectors.databases.DataMap}) names the tables or collections, the fields
 * that identify the subject and what erasure means per table
 * ({@link dev.rightsflow.connectors.databases.EraseRule}). Like the vendor connectors they are
 * written against the SPI only; unlike them they use their database's driver.
 */
package dev.rightsflow.connectors.databases;
