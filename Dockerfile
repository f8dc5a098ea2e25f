# One image for every Pura service. The default command is the whole gateway (`xyz.pura.app.Main up`);
# the other services run from the same image with their main class as the command:
#
#   docker run pura-gateway                                          # Main up (needs KAFKA_BOOTSTRAP_SERVERS, or starts an embedded broker)
#   docker run pura-gateway xyz.pura.ledger.LedgerStreamsService     # the ledger alone
#   docker run pura-gateway xyz.pura.chain.ChainOracleService        # the chain oracle alone
#   docker run pura-gateway xyz.pura.simulator.Simulator             # the provider simulator
#   docker run pura-gateway xyz.pura.app.Main replay --check         # reconcile the ledger
#
# JVM options: PURA_JAVA_OPTS (default -Xmx320m -XX:+UseG1GC -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=70
# -XX:+UseCompactObjectHeaders, as ./pura up on JDK 25; MALLOC_ARENA_MAX=2). Build: docker build -t pura-gateway .
# The image is JDK 25 and carries an ahead-of-time cache (/app/pura.aot, JEP 483/515) trained at build time by a
# 30 s run of the gateway on its own (`Main train 30`: simulator, temporary broker, the real request mix), as
# `./pura build` does: the first 20 s after a start serve about 1.6 times the requests of a start without it
# (bench/results/2026-12-07-compare*.md). PURA_AOT=0 starts without it. A cache serves only the classpath it was
# trained on, so the classpath is an explicit list of jars in a fixed order (/app/classpath), never a wildcard.

############################ build ############################
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY . .
# Plain RUN (no BuildKit cache mount) so that the legacy builder of docker-compose 1.29 builds it too;
# the downloaded Maven repository stays in this discarded stage.
RUN mvn -q -B -DskipTests install \
 && mvn -q -B -pl app dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/dependency \
 && mvn -q -B -pl app dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile=target/classpath.txt \
 && mkdir -p /out/lib \
 && cp app/target/dependency/*.jar /out/lib/ \
 && cp app/target/app-*.jar /out/lib/ \
 && { echo "/app/lib/$(basename app/target/app-*.jar)"; tr ':' '\n' < app/target/classpath.txt | sed 's#.*/#/app/lib/#'; } \
    | paste -sd: > /out/classpath

############################ runtime ############################
FROM eclipse-temurin:25-jre

# A fixed, non-root user; /var/lib/pura holds Streams state and (without KAFKA_BOOTSTRAP_SERVERS) the
# embedded broker's data. Mount a volume there.
RUN groupadd --system --gid 10001 pura \
 && useradd --system --uid 10001 --gid pura --home-dir /var/lib/pura --shell /usr/sbin/nologin pura \
 && mkdir -p /app/lib /var/lib/pura \
 && chown pura:pura /var/lib/pura

COPY --from=build /out/lib/ /app/lib/
COPY --from=build /out/classpath /app/classpath

# Listen on every interface inside a container (the gateway's own default is 127.0.0.1).
ENV PURA_HOST=0.0.0.0 \
    PURA_PORT=8080 \
    PURA_DATA_DIR=/var/lib/pura \
    PURA_JAVA_OPTS="-Xmx320m -XX:+UseG1GC -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=70 -XX:+UseCompactObjectHeaders" \
    PURA_AOT=1 \
    MALLOC_ARENA_MAX=2

# The ahead-of-time cache, trained with the same JVM options and classpath as the command below (its data in a
# temporary directory, removed after); a failed training leaves no cache and the image still starts.
RUN cd /tmp && (java $PURA_JAVA_OPTS -XX:AOTCacheOutput=/app/pura.aot -Xlog:aot=error -cp "$(cat /app/classpath)" \
      xyz.pura.app.Main train 30 > /tmp/pura-train.log 2>&1 || { tail -n 20 /tmp/pura-train.log; rm -f /app/pura.aot; }) \
 && rm -rf /tmp/pura-train.log /tmp/pura-* \
 && chmod a+r /app/pura.aot 2>/dev/null || true

USER pura
WORKDIR /var/lib/pura
VOLUME ["/var/lib/pura"]
EXPOSE 8080

# No HEALTHCHECK here: only the gateway serves /readyz, the other mains serve no HTTP (or other paths).
# docker-compose.yml declares one per service (curl is part of eclipse-temurin's Ubuntu images).

# `sh -c` expands PURA_JAVA_OPTS; "$@" is the command (main class and its arguments); exec makes java
# PID 1 so that docker stop's SIGTERM runs the services' shutdown hooks.
ENTRYPOINT ["sh", "-c", "aot=''; if [ \"$PURA_AOT\" != 0 ] && [ -f /app/pura.aot ]; then aot='-XX:AOTCache=/app/pura.aot -Xlog:aot*=error'; fi; exec java $PURA_JAVA_OPTS $aot -cp \"$(cat /app/classpath)\" \"$@\"", "pura"]
CMD ["xyz.pura.app.Main", "up"]
