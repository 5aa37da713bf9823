# One image per service, built from the jar Maven made: ./mvnw -DskipTests package first.
# docker compose passes MODULE (request-intake, router, processor-connectors, audit-log).
FROM eclipse-temurin:17-jre
ARG MODULE
WORKDIR /app
COPY ${MODULE}/target/${MODULE}-0.1.0-SNAPSHOT-exec.jar /app/app.jar
# Avro decodes only into trusted packages.
ENV JAVA_TOOL_OPTIONS="-Dorg.apache.avro.SERIALIZABLE_PACKAGES=java.lang,java.math,java.util,org.apache.avro.util,dev.rightsflow"
RUN useradd --system --uid 10001 rightsflow && mkdir -p /app/data && chown rightsflow /app/data
USER rightsflow
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
