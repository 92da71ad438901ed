package dev.kafka101.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafka101.local.junit.RepoRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/claims.md cannot rot silently: each test it names exists in some module's src/test/java, and each test tagged
 * {@code @Tag("claim")} in any module has a row there.
 */
class ClaimsDocTest {

    private final Path root = RepoRoot.find();

    @Test
    void everyTestNamedInClaimsMdExists() throws Exception {
        ClaimsCheck.Report report =
                ClaimsCheck.check(Files.readString(root.resolve("docs/claims.md")), ClaimsCheck.testSources(root));
        System.out.printf(
                "docs/claims.md names %d tests; %d tests are tagged claim%n",
                report.referenced().size(), report.claimTests().size());
        assertThat(report.referenced()).as("tests named in docs/claims.md").isNotEmpty();
        assertThat(report.missing())
                .as("docs/claims.md names these Class#method, but no module's src/test/java declares them")
                .isEmpty();
    }

    @Test
    void everyClaimTaggedTestIsListedInClaimsMd() throws Exception {
        ClaimsCheck.Report report =
                ClaimsCheck.check(Files.readString(root.resolve("docs/claims.md")), ClaimsCheck.testSources(root));
        assertThat(report.claimTests()).as("@Tag(\"claim\") tests found").isNotEmpty();
        assertThat(report.unlisted())
                .as(
                        "tests tagged @Tag(\"claim\") without a row in docs/claims.md (| claim | `Class#method` | measured |)")
                .isEmpty();
    }

    @Test
    void checkerReportsATestThatDoesNotExistAndATaggedTestThatIsNotListed(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        Path test = tmp.resolve("demo/src/test/java/x/AcksTest.java");
        Files.createDirectories(test.getParent());
        Files.writeString(test, """
                package x;
                class AcksTest {
                    @Test
                    @Tag("claim")
                    void listedClaim() { }

                    @Tag("claim") @Test
                    public void unlistedClaim(KafkaTestCluster kafka) throws Exception { }

                    // @Tag("claim") void commentedOut() { }
                    @Test void notAClaim() { }

                    @Nested @Tag("claim")
                    class WhenABrokerIsDown {
                        @Test void nestedClaim() { }
                    }
                }
                """);
        String claims = """
                | Claim | Proven by | Measured |
                |---|---|---|
                | listed | `AcksTest#listedClaim` | 1 |
                | a row for a plain test is fine | `AcksTest#notAClaim` | 2 |
                | renamed away | `AcksTest#oldName` | 3 |
                | nested | `WhenABrokerIsDown#nestedClaim` | 4 |
                """;
        ClaimsCheck.Report report = ClaimsCheck.check(claims, ClaimsCheck.testSources(tmp));
        assertThat(report.missing()).containsExactly("AcksTest#oldName");
        assertThat(report.unlisted()).containsExactly("AcksTest#unlistedClaim");
        assertThat(report.claimTests()).hasSize(3);
        assertThat(ClaimsCheck.check(claims + "| x | `AcksTest#unlistedClaim` | 5 |\n", ClaimsCheck.testSources(tmp))
                        .unlisted())
                .isEmpty();
        assertThat(List.of(report.ok())).containsExactly(false);
    }
}
