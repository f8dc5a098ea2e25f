# One image for every Pura service. The default command is the whole gateway (`xyz.pura.app.Main up`);
# the other services run from the same image with their main class as the command:
#
#   docker run pura-gateway                                          # Main up (needs KAFKA_BOOTSTRAP_SERVERS, or starts an embedded broker)
#   docker run pura-gateway xyz.pura.ledger.LedgerStreamsService     # the ledger alone
#   docker run pura-gateway xyz.pura.chain.ChainOracleService        # the chain oracle alone
#   docker run pura-gateway xyz.pura.simulator.Simulator             # the provider simulator
#   docker run pura-gateway xyz.pura.app.Main replay --check         # reconcile the ledger
#
# JVM options: PURA_JAVA_OPTS (default -Xmx320m -XX:+UseG1GC -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=70, as ./pura up on JDK 21; MALLOC_ARENA_MAX=2). Build: docker build -t pura-gateway .

############################ build ############################
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
# Plain RUN (no BuildKit cache mount) so that the legacy builder of docker-compose 1.29 builds it too;
# the downloaded Maven repository stays in this discarded stage.
RUN mvn -q -B -DskipTests install \
 && mvn -q -B -pl app dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/dependency \
 && mkdir -p /out/lib \
 && cp app/target/dependency/*.jar /out/lib/ \
 && cp app/target/app-*.jar /out/lib/

############################ runtime ############################
FROM eclipse-temurin:21-jre

# A fixed, non-root user; /var/lib/pura holds Streams state and (without KAFKA_BOOTSTRAP_SERVERS) the
# embedded broker's data. Mount a volume there.
RUN groupadd --system --gid 10001 pura \
 && useradd --system --uid 10001 --gid pura --home-dir /var/lib/pura --shell /usr/sbin/nologin pura \
 && mkdir -p /app/lib /var/lib/pura \
 && chown pura:pura /var/lib/pura

COPY --from=build /out/lib/ /app/lib/

# Listen on every interface inside a container (the gateway's own default is 127.0.0.1).
ENV PURA_HOST=0.0.0.0 \
    PURA_PORT=8080 \
    PURA_DATA_DIR=/var/lib/pura \
    PURA_JAVA_OPTS="-Xmx320m -XX:+UseG1GC -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=70" \
    MALLOC_ARENA_MAX=2

USER pura
WORKDIR /var/lib/pura
VOLUME ["/var/lib/pura"]
EXPOSE 8080

# No HEALTHCHECK here: only the gateway serves /readyz, the other mains serve no HTTP (or other paths).
# docker-compose.yml declares one per service (curl is part of eclipse-temurin's Ubuntu images).

# `sh -c` expands PURA_JAVA_OPTS; "$@" is the command (main class and its arguments); exec makes java
# PID 1 so that docker stop's SIGTERM runs the services' shutdown hooks.
ENTRYPOINT ["sh", "-c", "exec java $PURA_JAVA_OPTS -cp '/app/lib/*' \"$@\"", "pura"]
CMD ["xyz.pura.app.Main", "up"]
