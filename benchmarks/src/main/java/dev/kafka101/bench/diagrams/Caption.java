package dev.kafka101.bench.diagrams;

/** When and where the diagrams' figures were measured: printed under every measured diagram. */
public record Caption(String date, String kafkaVersion, String javaVersion, int cores, String loadAverage) {
    public static final String COMMAND =
            "./mvnw -q -pl benchmarks -am compile exec:java -Dexec.mainClass=dev.kafka101.bench.DocsDiagrams";

    String line() {
        return "Measured " + date + " · Kafka " + kafkaVersion + " (embedded KRaft brokers in one JVM) · Java "
                + javaVersion + " · " + cores + " cores, load average " + loadAverage + " at start";
    }
}
