package dev.rightsflow.connectors.databases;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * One HikariCP pool per system (one database account), made on the system's first task and
 * replaced when its connection secret or settings change (a rotated password). Pools start empty
 * and keep no idle connection for long: a rights request touches a database a few times a day.
 * A pool never fails at creation (a database that is down fails the task that uses it, which the
 * runner retries).
 */
final class JdbcPools implements AutoCloseable {

    /** What a pool is made from; a change makes a new pool. */
    record Settings(String url, String driverClass, Properties driverProperties, Duration connectTimeout, int size) {
    }

    private record Pool(Settings settings, HikariDataSource dataSource) {
    }

    private final Map<String, Pool> pools = new ConcurrentHashMap<>();

    HikariDataSource get(String systemId, Settings settings) {
        Pool pool = pools.compute(systemId, (id, existing) -> {
            if (existing != null && existing.settings().equals(settings) && !existing.dataSource().isClosed()) {
                return existing;
            }
            if (existing != null) {
                existing.dataSource().close();
            }
            return new Pool(settings, create(id, settings));
        });
        return pool.dataSource();
    }

    private static HikariDataSource create(String systemId, Settings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("rightsflow-db-" + systemId.replaceAll("[^A-Za-z0-9_.-]", "_"));
        config.setDriverClassName(settings.driverClass());
        config.setJdbcUrl(settings.url());
        config.setDataSourceProperties(settings.driverProperties());
        config.setMaximumPoolSize(settings.size());
        config.setMinimumIdle(0);
        config.setConnectionTimeout(Math.max(250, settings.connectTimeout().toMillis()));
        config.setValidationTimeout(Math.max(250, Math.min(5_000, settings.connectTimeout().toMillis())));
        config.setIdleTimeout(Duration.ofMinutes(1).toMillis());
        config.setMaxLifetime(Duration.ofMinutes(30).toMillis());
        config.setInitializationFailTimeout(-1);
        config.setAutoCommit(true);
        return new HikariDataSource(config);
    }

    @Override
    public void close() {
        pools.values().forEach(p -> p.dataSource().close());
        pools.clear();
    }
}
