# One image per service, built from the jar Maven made: ./mvnw -DskipTests package first.
# docker compose passes MODULE (request-intake, router, processor-connectors, audit-log).
FROM eclipse-temurin:17-jre
ARG MODULE
WORKDIR /app
# curl for the health check (docker-compose.yml): the image's /bin/sh is dash, which has no /dev/tcp.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
# The data directories exist in the image, owned by the service's user, so a named volume mounted on
# them (docker-compose.yml) starts with that owner and is writable.
RUN useradd --system --uid 10001 rightsflow \
    && mkdir -p /app/data/packages \
    && chown -R 10001:10001 /app/data
COPY ${MODULE}/target/${MODULE}-0.1.0-SNAPSHOT-exec.jar /app/app.jar
# Avro decodes only into trusted packages.
ENV JAVA_TOOL_OPTIONS="-Dorg.apache.avro.SERIALIZABLE_PACKAGES=java.lang,java.math,java.util,org.apache.avro.util,dev.rightsflow"
USER 10001
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=10 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${PORT:-8080}/actuator/health" || exit 1
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
