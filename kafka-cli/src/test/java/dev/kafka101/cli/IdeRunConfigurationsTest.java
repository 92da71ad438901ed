package dev.kafka101.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.kafka101.local.junit.RepoRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The checked-in IDE run configurations stay in step with the code: IntelliJ's .run/*.run.xml and VS Code's
 * .vscode/launch.json name every main of the project, and every main class and module they name exists. They run from
 * the project root, like ./mvnw, so relative paths (target/, docs/) mean the same in all three.
 */
class IdeRunConfigurationsTest {

    private static final Pattern MAIN = Pattern.compile("public\\s+static\\s+void\\s+main\\s*\\(");
    /** Consumer demos a learner starts two or three times at once. */
    private static final Set<String> RUN_SEVERAL_AT_ONCE = Set.of(
            "dev.kafka101.basics.ConsumerGroupDemo",
            "dev.kafka101.basics.ConsumerDemo",
            "dev.kafka101.basics.ConsumerDemoWithShutdown");

    private static Path root;
    /** artifactId → module folder, from the root pom's modules. */
    private static final Map<String, Path> MODULES = new TreeMap<>();
    /**
     * Mains the project starts by itself, never a person: JvmFlags builds the class-data-sharing archive in a
     * detached JVM. They get no run configuration.
     */
    private static final java.util.Set<String> PLUMBING_MAINS = java.util.Set.of("dev.kafka101.local.JvmFlags");

    /** main class → the artifactId of the module whose src/main/java holds it. */
    private static final Map<String, String> MAINS = new TreeMap<>();

    record Launch(String file, String name, String mainClass, String module, String workingDir, boolean multiple) {}

    @BeforeAll
    static void readTheProject() throws Exception {
        root = RepoRoot.find();
        NodeList modules = xml(root.resolve("pom.xml")).getElementsByTagName("module");
        for (int i = 0; i < modules.getLength(); i++) {
            Path folder = root.resolve(modules.item(i).getTextContent().trim());
            MODULES.put(artifactId(folder.resolve("pom.xml")), folder);
        }
        for (Map.Entry<String, Path> module : MODULES.entrySet()) {
            Path src = module.getValue().resolve("src/main/java");
            if (!Files.isDirectory(src)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    if (MAIN.matcher(Files.readString(f)).find()) {
                        String rel = src.relativize(f)
                                .toString()
                                .replace(f.getFileSystem().getSeparator(), ".");
                        String main = rel.substring(0, rel.length() - ".java".length());
                        if (!PLUMBING_MAINS.contains(main)) {
                            MAINS.put(main, module.getKey());
                        }
                    }
                }
            }
        }
        assertThat(MAINS)
                .as("mains found under */src/main/java")
                .containsKeys(
                        "dev.kafka101.basics.ProducerDemo",
                        "dev.kafka101.local.LocalKafkaCluster",
                        "dev.kafka101.bench.LabReport");
    }

    private static Document xml(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static String artifactId(Path pom) throws Exception {
        NodeList children = xml(pom).getDocumentElement().getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element e && e.getTagName().equals("artifactId")) {
                return e.getTextContent().trim();
            }
        }
        throw new IllegalStateException(pom + " has no artifactId");
    }

    private static List<Path> runXmlFiles() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(".run"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".run.xml"))
                    .sorted()
                    .toList();
        }
    }

    /** The Application configurations of .run/, read as IntelliJ stores them ("Store as project file"). */
    private static List<Launch> intellij() throws Exception {
        List<Launch> launches = new ArrayList<>();
        for (Path file : runXmlFiles()) {
            Element component = xml(file).getDocumentElement();
            assertThat(component.getAttribute("name"))
                    .as(file + ": root element")
                    .isEqualTo("ProjectRunConfigurationManager");
            Element conf =
                    (Element) component.getElementsByTagName("configuration").item(0);
            if (!conf.getAttribute("type").equals("Application")) {
                continue;
            }
            Map<String, String> options = new LinkedHashMap<>();
            NodeList opts = conf.getElementsByTagName("option");
            for (int i = 0; i < opts.getLength(); i++) {
                Element o = (Element) opts.item(i);
                if (o.getParentNode() == conf) {
                    options.put(o.getAttribute("name"), o.getAttribute("value"));
                }
            }
            Element module = (Element) conf.getElementsByTagName("module").item(0);
            launches.add(new Launch(
                    ".run/" + file.getFileName(),
                    conf.getAttribute("name"),
                    options.get("MAIN_CLASS_NAME"),
                    module == null ? null : module.getAttribute("name"),
                    options.get("WORKING_DIRECTORY"),
                    "false".equals(conf.getAttribute("singleton"))));
        }
        return launches;
    }

    private static JsonNode launchJson() throws IOException {
        // VS Code reads launch.json as JSON with comments
        return JsonMapper.builder()
                .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
                .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
                .build()
                .readTree(root.resolve(".vscode/launch.json").toFile());
    }

    private static List<Launch> vscode() throws IOException {
        List<Launch> launches = new ArrayList<>();
        for (JsonNode c : launchJson().path("configurations")) {
            if (c.path("type").asText().equals("java")
                    && c.path("request").asText().equals("launch")) {
                launches.add(new Launch(
                        ".vscode/launch.json",
                        c.path("name").asText(),
                        c.path("mainClass").asText(null),
                        c.path("projectName").asText(null),
                        c.path("cwd").asText(null),
                        true));
            }
        }
        return launches;
    }

    /** Problems with one IDE's launches: mains without one, and launches naming a class or module that is not there. */
    private static List<String> problems(List<Launch> launches, String ide, String projectRoot) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> main : MAINS.entrySet()) {
            boolean covered = launches.stream()
                    .anyMatch(l -> main.getKey().equals(l.mainClass())
                            && main.getValue().equals(l.module()));
            if (!covered) {
                problems.add(ide + ": no configuration runs " + main.getKey() + " (module " + main.getValue() + ")");
            }
        }
        for (Launch l : launches) {
            String where = l.file() + " '" + l.name() + "': ";
            if (l.module() == null || !MODULES.containsKey(l.module())) {
                problems.add(
                        where + "module '" + l.module() + "' is not a Maven module of the project " + MODULES.keySet());
            } else if (l.mainClass() == null
                    || !Files.isRegularFile(MODULES.get(l.module())
                            .resolve("src/main/java")
                            .resolve(l.mainClass().replace('.', '/') + ".java"))) {
                problems.add(where + "class '" + l.mainClass() + "' is not in " + l.module() + "/src/main/java");
            } else if (!MAINS.containsKey(l.mainClass())) {
                problems.add(where + l.mainClass() + " has no main method");
            }
            if (!projectRoot.equals(l.workingDir())) {
                problems.add(where + "working directory '" + l.workingDir() + "', not the project root " + projectRoot);
            }
        }
        return problems;
    }

    @Test
    void everyMainHasAnIntellijConfigurationAndEveryConfigurationNamesAClassAndModuleThatExist() throws Exception {
        List<Launch> launches = intellij();

        assertThat(problems(launches, ".run/", "$PROJECT_DIR$"))
                .as("out of step with the code")
                .isEmpty();
    }

    @Test
    void everyMainHasAVsCodeLaunchAndEveryLaunchNamesAClassAndProjectThatExist() throws Exception {
        List<Launch> launches = vscode();

        assertThat(problems(launches, ".vscode/launch.json", "${workspaceFolder}"))
                .as("out of step with the code")
                .isEmpty();
        assertThat(launches)
                .extracting(Launch::name)
                .as("names, as the compound refers to them")
                .doesNotHaveDuplicates();
    }

    @Test
    void consumerDemosAllowSeveralInstancesInIntellij() throws Exception {
        List<Launch> consumers = intellij().stream()
                .filter(l -> RUN_SEVERAL_AT_ONCE.contains(l.mainClass()))
                .toList();

        assertThat(consumers).extracting(Launch::mainClass).containsAll(RUN_SEVERAL_AT_ONCE);
        assertThat(consumers)
                .as("singleton=\"false\" is IntelliJ's \"Allow multiple instances\"")
                .allMatch(Launch::multiple);
    }

    @Test
    void bothIdesStartSteadyProducerDemoAndThreeConsumerGroupDemosTogether() throws Exception {
        Map<String, String> intellijMains = new TreeMap<>();
        intellij().forEach(l -> intellijMains.put(l.name(), l.mainClass()));
        List<String> intellijCompound = new ArrayList<>();
        for (Path file : runXmlFiles()) {
            Element conf = (Element) xml(file)
                    .getDocumentElement()
                    .getElementsByTagName("configuration")
                    .item(0);
            if (conf.getAttribute("type").equals("CompoundRunConfigurationType")) {
                NodeList toRun = conf.getElementsByTagName("toRun");
                for (int i = 0; i < toRun.getLength(); i++) {
                    Element t = (Element) toRun.item(i);
                    assertThat(intellijMains)
                            .as(file + " runs '" + t.getAttribute("name") + "'")
                            .containsKey(t.getAttribute("name"));
                    assertThat(t.getAttribute("type")).isEqualTo("Application");
                    intellijCompound.add(intellijMains.get(t.getAttribute("name")));
                }
            }
        }
        Map<String, String> vscodeMains = new TreeMap<>();
        vscode().forEach(l -> vscodeMains.put(l.name(), l.mainClass()));
        List<String> vscodeCompound = new ArrayList<>();
        for (JsonNode compound : launchJson().path("compounds")) {
            for (JsonNode name : compound.path("configurations")) {
                assertThat(vscodeMains)
                        .as("launch.json compound '" + compound.path("name").asText() + "' runs '" + name.asText()
                                + "'")
                        .containsKey(name.asText());
                vscodeCompound.add(vscodeMains.get(name.asText()));
            }
        }

        for (List<String> compound : List.of(intellijCompound, vscodeCompound)) {
            assertThat(compound)
                    .containsExactlyInAnyOrder(
                            "dev.kafka101.basics.SteadyProducerDemo",
                            "dev.kafka101.basics.ConsumerGroupDemo",
                            "dev.kafka101.basics.ConsumerGroupDemo",
                            "dev.kafka101.basics.ConsumerGroupDemo");
        }
    }
}
