package dev.dlt4j.architecture;

import dev.dlt4j.config.ConfigDeclarations;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.dlt4j.Pipeline;
import dev.dlt4j.spi.Destination;
import dev.dlt4j.spi.DestinationFactory;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The import rules of {@code docs/architecture.md}, checked on the compiled main classes of every
 * module (tests are not imported: a test may reach into anything it tests).
 *
 * <p>The rules live here, in the command line module, because it is the one module with every
 * other module on its class path (core, sql, duckdb, postgres, filesystem), so one test sees every
 * edge between modules; a copy per destination module would repeat the same rules four times.
 * The bench module is deliberately not on this class path (the CLI must not depend on it); that
 * rule is still checked, because ArchUnit records a dependency by the target's name.
 */
class ArchitectureTest {
    /** The packages of the destination modules; {@code dev.dlt4j.sql} is the shared SQL base. */
    private static final String[] DESTINATION_MODULES = {"dev.dlt4j.duckdb..", "dev.dlt4j.postgres..",
        "dev.dlt4j.filesystem..", "dev.dlt4j.sql.."};

    /** The stages: they meet only in the working folder (storage), never by calling each other. */
    private static final String[] STAGES = {"dev.dlt4j.extract..", "dev.dlt4j.normalize..", "dev.dlt4j.load.."};

    /** What a user imports: the public types of {@code dev.dlt4j}. A new one is a decision, made here. */
    private static final Set<String> USER_API = Set.of("Pipeline", "Resource", "Source", "Transformer",
            "ResourceContext", "Config", "LoadInfo", "ExtractInfo", "PipelineException", "PipelineState", "SourceState",
            "PipelineTrace", "StepTrace", "ProgressCollector", "WriteDisposition", "MergeStrategy", "MergeHints", "Scd2",
            "ReplaceStrategy", "DataType", "Column", "ColumnHint", "ColumnPage", "SortOrder", "SchemaContract", "TableHints", "LoaderFileFormat",
            "DataWriterConfig", "ExtractConfig", "NormalizeConfig", "LoadConfig", "PipelineConfig", "NextItemMode",
            "Incremental", "IncrementalCursor", "LastValueFunc", "RowOrder", "OnCursorValueMissing", "RangeBound",
            "Refresh",
            "Dataset", "Relation", "PipelineListener", "PartitionPlan", "PartitionCommit", "PartitionTrace");

    /** What a destination author imports: the public types of {@code dev.dlt4j.spi}. */
    private static final Set<String> DESTINATION_SPI = Set.of("Destination", "DestinationFactory",
            "DestinationClient", "DestinationCapabilities", "DestinationContext", "DestinationTerminalException",
            "LoadJob", "MergeJob", "CompletedLoad", "CsvHeader", "Secrets", "JobFileName", "Compression",
            "CrashPoints", "SafePaths", "SourceFactory", "StoredState", "StoredSchema",
            "DatasetReader", "JdbcDatasetReader", "SplittableSource", "SourcePartition");

    /**
     * The config types that are not the API a module declares and reads its keys with: the
     * providers and core's own declarations (the stages' settings records are user API, in
     * {@code dev.dlt4j}).
     */
    private static final Set<String> CONFIG_INTERNALS = Set.of("EnvProvider", "TomlProvider", "CoreConfigDeclarations");

    /**
     * Packages whose public types exist for another package of the project: the internal ones, and
     * schema and config, whose API the SPI and the stages use. (The user API and the SPI have exact
     * lists instead, destination modules a rule of their own.)
     */
    private static final String[] SERVING_PACKAGES = {"dev.dlt4j.extract", "dev.dlt4j.normalize",
        "dev.dlt4j.load", "dev.dlt4j.storage", "dev.dlt4j.progress", "dev.dlt4j.sql", "dev.dlt4j.cli",
        "dev.dlt4j.schema", "dev.dlt4j.config", "dev.dlt4j.state", "dev.dlt4j.log"};

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar")) // a module's test-jar
                .importPackages("dev.dlt4j");
        assertThat(main.stream().map(JavaClass::getPackageName).collect(Collectors.toSet()))
                .as("the modules this test checks are on its class path")
                .contains("dev.dlt4j", "dev.dlt4j.spi", "dev.dlt4j.sql", "dev.dlt4j.duckdb", "dev.dlt4j.postgres",
                        "dev.dlt4j.filesystem", "dev.dlt4j.cli");
    }

    // ---- (a) the stages

    @Test
    void extractImportsNeitherNormalizeNorLoad() {
        noClasses().that().resideInAPackage("dev.dlt4j.extract..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.dlt4j.normalize..", "dev.dlt4j.load..")
                .because("stages meet only in the working folder").check(main);
    }

    @Test
    void normalizeImportsNeitherExtractNorLoad() {
        noClasses().that().resideInAPackage("dev.dlt4j.normalize..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.dlt4j.extract..", "dev.dlt4j.load..")
                .because("stages meet only in the working folder").check(main);
    }

    @Test
    void loadImportsNeitherExtractNorNormalize() {
        noClasses().that().resideInAPackage("dev.dlt4j.load..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.dlt4j.extract..", "dev.dlt4j.normalize..")
                .because("stages meet only in the working folder").check(main);
    }

    @Test
    void noStageImportsPipeline() {
        noClasses().that().resideInAnyPackage(STAGES)
                .should().dependOnClassesThat(belongToAnyOf(Pipeline.class))
                .because("Pipeline orchestrates the stages; a stage owns its own commit and is given what it needs")
                .check(main);
    }

    // ---- (b) the destination modules

    /**
     * A destination module (duckdb, postgres, filesystem, and the SQL base they share) imports the
     * SPI, the schema, the config API and the value types of {@code dev.dlt4j} (enums and
     * exceptions); SQL destinations also the SQL base; besides that the JDK and its own driver
     * libraries. Never {@code Pipeline}, a stage, storage or progress: what a destination needs
     * from them travels through the SPI.
     */
    @Test
    void destinationModulesImportOnlyTheSpiSchemaConfigApiAndValueTypes() {
        DescribedPredicate<JavaClass> allowed = jdk()
                .or(resideInAnyPackage("dev.dlt4j.spi..", "dev.dlt4j.schema.."))
                .or(configApi())
                .or(rootValueTypes())
                .or(resideInAnyPackage("dev.dlt4j.sql.."));
        classes().that().resideInAnyPackage("dev.dlt4j.duckdb..", "dev.dlt4j.postgres..")
                .should().onlyDependOnClassesThat(allowed.or(resideInAnyPackage("dev.dlt4j.duckdb..",
                        "dev.dlt4j.postgres..", "org.duckdb..", "org.postgresql..", "org.slf4j..")))
                .check(main);
        DescribedPredicate<JavaClass> notSql = jdk()
                .or(resideInAnyPackage("dev.dlt4j.spi..", "dev.dlt4j.schema.."))
                .or(configApi())
                .or(rootValueTypes());
        classes().that().resideInAPackage("dev.dlt4j.filesystem..")
                .should().onlyDependOnClassesThat(notSql.or(resideInAnyPackage("dev.dlt4j.filesystem..",
                        "org.apache.parquet..", "com.fasterxml.jackson..")))
                .check(main);
        // the SQL base logs the statements it runs (SqlLog): through SLF4J and dlt4j's logger helper
        classes().that().resideInAPackage("dev.dlt4j.sql..")
                .should().onlyDependOnClassesThat(notSql.or(resideInAnyPackage("dev.dlt4j.sql..", "dev.dlt4j.log..",
                        "org.slf4j..")))
                .check(main);
    }

    /** The metrics module is a user of the pipeline like any application: the user API and Micrometer only. */
    @Test
    void theMicrometerModuleUsesTheUserApiOnly() {
        classes().that().resideInAPackage("dev.dlt4j.micrometer..")
                .should().onlyDependOnClassesThat(jdk().or(resideInAnyPackage("dev.dlt4j", "dev.dlt4j.micrometer..",
                        "io.micrometer..")))
                .check(main);
    }

    /**
     * The filesystem source is built as a user would build it: the user API, the SPI (its
     * {@code SourceFactory}), the config API, the JDK and its readers' libraries (Parquet with
     * snappy-java for its pages, Jackson for JSON lines); no stage, storage or destination.
     */
    @Test
    void theFilesystemSourceImportsOnlyTheUserApiSpiConfigApiAndItsLibraries() {
        classes().that().resideInAPackage("dev.dlt4j.source.filesystem..")
                .should().onlyDependOnClassesThat(jdk().or(resideInAPackage("dev.dlt4j"))
                        .or(resideInAnyPackage("dev.dlt4j.spi..", "dev.dlt4j.source.filesystem..")).or(configApi())
                        .or(resideInAnyPackage("org.apache.parquet..", "org.xerial.snappy..",
                                "com.fasterxml.jackson..")))
                .check(main);
    }

    /**
     * The SQL database source builds what a user would build by hand: it imports the user API
     * ({@code dev.dlt4j}), the SPI (its {@code SourceFactory}), the config API, the JDK (JDBC),
     * SLF4J and Jackson (a JSON column's scalar value); never a stage, storage or a destination. Its
     * drivers are run-time dependencies only, but for pgjdbc's COPY API, which one class uses
     * ({@code PgCopyPages}: binary COPY streams a table where a cursor's fetches alternate).
     */
    @Test
    void theSqlSourceImportsOnlyTheUserApiSpiAndConfigApi() {
        classes().that().resideInAPackage("dev.dlt4j.source.sql..").and().doNotHaveSimpleName("PgCopyPages")
                .should().onlyDependOnClassesThat(jdk().or(resideInAnyPackage("dev.dlt4j", "dev.dlt4j.spi..",
                        "dev.dlt4j.source.sql..", "org.slf4j..", "com.fasterxml.jackson..")).or(configApi()))
                .because("a source module stands on the user API and the SPI only").check(main);
        classes().that().haveSimpleName("PgCopyPages").and().resideInAPackage("dev.dlt4j.source.sql")
                .should().onlyDependOnClassesThat(jdk().or(resideInAnyPackage("dev.dlt4j", "dev.dlt4j.source.sql..",
                        "org.postgresql", "org.postgresql.copy", "org.postgresql.util")))
                .because("only the COPY reader speaks pgjdbc's own API").check(main);
    }

    /**
     * dlt4j-spark runs pipelines as a user would, through the user API and the SPI (source
     * factories, the destination's capabilities), with Spark's API; never a stage or storage.
     */
    @Test
    void theSparkModuleImportsOnlyTheUserApiSpiAndSpark() {
        classes().that().resideInAPackage("dev.dlt4j.spark..")
                .should().onlyDependOnClassesThat(jdk().or(resideInAnyPackage("dev.dlt4j", "dev.dlt4j.spi..",
                        "dev.dlt4j.schema..", "dev.dlt4j.spark..", "org.apache.spark..", "scala..")).or(configApi()))
                .because("executors and committer run the pipeline's own stages through Pipeline").check(main);
    }

    @Test
    void theDestinationSpiStandsOnSchemaConfigApiAndValueTypesOnly() {
        classes().that().resideInAPackage("dev.dlt4j.spi..").and().doNotHaveSimpleName("SourceFactory")
                .should().onlyDependOnClassesThat(jdk().or(resideInAnyPackage("dev.dlt4j.spi..", "dev.dlt4j.schema.."))
                        .or(configApi()).or(rootValueTypes()))
                .because("a destination author reads only the SPI; what it needs must be in it").check(main);
        // A source factory builds what a user would build by hand, so it may name the source API too.
        classes().that().resideInAPackage("dev.dlt4j.spi..").and().haveSimpleName("SourceFactory")
                .should().onlyDependOnClassesThat(jdk().or(resideInAnyPackage("dev.dlt4j.spi..", "dev.dlt4j.schema.."))
                        .or(configApi()).or(rootValueTypes()).or(resideInAPackage("dev.dlt4j")))
                .check(main);
    }

    @Test
    void coreNeverNamesADestinationModuleTheCliOrTheBench() {
        noClasses().that().resideInAnyPackage("dev.dlt4j", "dev.dlt4j.spi..", "dev.dlt4j.schema..",
                        "dev.dlt4j.config..", "dev.dlt4j.extract..", "dev.dlt4j.normalize..", "dev.dlt4j.load..",
                        "dev.dlt4j.storage..", "dev.dlt4j.progress..")
                .should().dependOnClassesThat().resideInAnyPackage(DESTINATION_MODULES)
                .orShould().dependOnClassesThat().resideInAnyPackage("dev.dlt4j.cli..", "dev.dlt4j.bench..",
                        "dev.dlt4j.examples..")
                .because("destinations are found by name through ServiceLoader").check(main);
    }

    @Test
    void theCliUsesNoConcreteDestinationAndNotTheBench() {
        noClasses().that().resideInAnyPackage("dev.dlt4j.cli..", "dev.dlt4j.examples..")
                .should().dependOnClassesThat().resideInAnyPackage(DESTINATION_MODULES)
                .orShould().dependOnClassesThat().resideInAPackage("dev.dlt4j.bench..")
                .because("the CLI names destinations by name or URI and asks them through the SPI; the bench module"
                        + " depends on the CLI, not the other way round").check(main);
    }

    /**
     * The REST API source (dlt4j-source-rest) imports the user API of {@code dev.dlt4j}, the SPI, the
     * config API, the JDK, Jackson and SLF4J: never a stage, storage or progress internal.
     */
    @Test
    void theRestSourceImportsOnlyTheApiSpiConfigApiJacksonAndSlf4j() {
        classes().that().resideInAPackage("dev.dlt4j.source.rest..")
                .should().onlyDependOnClassesThat(jdk().or(resideInAPackage("dev.dlt4j"))
                        .or(resideInAnyPackage("dev.dlt4j.spi..", "dev.dlt4j.source.rest..", "com.fasterxml.jackson..",
                                "org.slf4j.."))
                        .or(configApi()))
                .check(main);
    }

    /** The CLI finds sources by type through {@code SourceFactory}; it names no source module. */
    @Test
    void theCliNamesNoSourceModule() {
        noClasses().that().resideInAnyPackage("dev.dlt4j.cli..", "dev.dlt4j.examples..")
                .should().dependOnClassesThat().resideInAPackage("dev.dlt4j.source..")
                .because("dlt4j run and ingest find a source's factory by its type through ServiceLoader").check(main);
    }

    // ---- (c) cycles

    /**
     * No cycles among the subpackages {@code dev.dlt4j.(*)} (spi, schema, config, extract,
     * normalize, load, storage, progress, and each module's package). The root package
     * {@code dev.dlt4j} is not one of the slices: it is the user API, and its value types
     * ({@code WriteDisposition}, {@code PipelineException}, ...) are the vocabulary every layer may
     * use, while its {@code Pipeline} is the one class that uses every stage. Which root types a
     * layer may use is said by the rules above (stages never {@code Pipeline}, destinations only
     * enums and exceptions).
     */
    @Test
    void noCyclesAmongTheSubpackages() {
        slices().matching("dev.dlt4j.(*)..").should().beFreeOfCycles().check(main);
    }

    // ---- (d) what is public

    @Test
    void thePublicTypesOfTheRootPackageAreExactlyTheUserApi() {
        assertThat(publicTopLevelTypes("dev.dlt4j"))
                .as("public types of dev.dlt4j (a new one is added to USER_API on purpose, else made package-private)")
                .containsExactlyInAnyOrderElementsOf(USER_API);
    }

    /**
     * A user imports from {@code dev.dlt4j} only: what the user API takes and returns is its own
     * types, the JDK, and a {@code Destination} (which a destination module hands to the user, e.g.
     * {@code DuckDbDestination.at(file)}, and {@code Pipeline.Builder.destination} takes).
     */
    @Test
    void theUserApiSpeaksOnlyItsOwnTypes() {
        DescribedPredicate<JavaClass> userVocabulary = jdk().or(resideInAPackage("dev.dlt4j"))
                .or(belongToAnyOf(Destination.class));
        Set<String> leaks = new TreeSet<>();
        main.stream().filter(c -> c.getPackageName().equals("dev.dlt4j") && isPublic(topLevel(c)) && isPublic(c))
                .flatMap(c -> c.getCodeUnits().stream())
                .filter(u -> u.getModifiers().contains(JavaModifier.PUBLIC))
                .forEach(u -> u.getAllInvolvedRawTypes().stream().map(ArchitectureTest::component)
                        .filter(t -> !userVocabulary.test(t))
                        .forEach(t -> leaks.add(u.getOwner().getSimpleName() + "." + u.getName() + " uses "
                                + t.getName())));
        assertThat(leaks).as("public signatures of dev.dlt4j that make a user import another package").isEmpty();
    }

    @Test
    void thePublicTypesOfTheSpiAreExactlyTheDestinationAuthorsApi() {
        assertThat(publicTopLevelTypes("dev.dlt4j.spi"))
                .as("public types of dev.dlt4j.spi (a new one is added to DESTINATION_SPI on purpose)")
                .containsExactlyInAnyOrderElementsOf(DESTINATION_SPI);
    }

    @Test
    void aDestinationModuleMakesOnlyItsDestinationFactoryAndConfigKeysPublic() {
        classes().that().resideInAnyPackage("dev.dlt4j.duckdb..", "dev.dlt4j.postgres..", "dev.dlt4j.filesystem..")
                .and().arePublic().and().areTopLevelClasses()
                .should().beAssignableTo(Destination.class).orShould().beAssignableTo(DestinationFactory.class)
                .orShould().beAssignableTo(ConfigDeclarations.class)
                .because("everything else of a destination is its own business: package-private (ServiceLoader"
                        + " needs its factory and its config declarations public)").check(main);
    }

    /**
     * In the packages that serve other packages of the project (the stages, storage, progress, the
     * SQL base, the CLI, schema and config), a public type must be used by another package; one that is used only in
     * its own package is a helper and is package-private. Exceptions are exempt: one a package
     * throws out of it is part of its contract, for callers to catch, even if none does yet; so is
     * a program's entry point (a class with {@code main}, which the JVM calls).
     */
    @Test
    void helpersArePackagePrivate() {
        classes().that().resideInAnyPackage(SERVING_PACKAGES).and().arePublic().and().areTopLevelClasses()
                .and().areNotAssignableTo(Throwable.class).and(not(entryPoint()))
                .and().areNotAssignableTo(ConfigDeclarations.class) // a ServiceLoader provider is public
                .and().areNotAssignableTo(dev.dlt4j.log.LogLevelControl.class) // so are these two
                .and().areNotAssignableTo(ch.qos.logback.classic.spi.Configurator.class)
                .should(beUsedFromAnotherPackage()).check(main);
    }

    // ---- predicates

    private static DescribedPredicate<JavaClass> jdk() {
        return resideInAnyPackage("java..", "javax..").or(DescribedPredicate.describe("primitive or array",
                c -> c.isPrimitive() || c.isArray()));
    }

    /** {@code dev.dlt4j.config} without the stages' settings records and the providers. */
    private static DescribedPredicate<JavaClass> configApi() {
        return resideInAPackage("dev.dlt4j.config..").and(not(DescribedPredicate.describe("a config internal",
                c -> CONFIG_INTERNALS.contains(topLevel(c).getSimpleName()))))
                .as("the config API (dev.dlt4j.config without " + new TreeSet<>(CONFIG_INTERNALS) + ")");
    }

    /**
     * The value types of {@code dev.dlt4j}: its enums, exceptions and records (column and table
     * hints, config records, state, trace) and the read-only {@link dev.dlt4j.Config} view; never
     * Pipeline, Resource, Source, a resource's context or a progress collector.
     */
    private static DescribedPredicate<JavaClass> rootValueTypes() {
        return resideInAPackage("dev.dlt4j").and(DescribedPredicate.describe("an enum, exception, record or Config",
                c -> topLevel(c).isEnum() || c.isAssignableTo(Throwable.class) || isRecord(topLevel(c))
                        || topLevel(c).getName().equals("dev.dlt4j.Config")))
                .as("the value types of dev.dlt4j (enums, exceptions, records, Config)");
    }

    private static boolean isRecord(JavaClass c) {
        return c.getRawSuperclass().map(s -> s.getName().equals("java.lang.Record")).orElse(false);
    }

    private static DescribedPredicate<JavaClass> entryPoint() {
        return DescribedPredicate.describe("an entry point (public static void main(String[]))",
                c -> c.getMethods().stream().anyMatch(m -> m.getName().equals("main")
                        && m.getModifiers().containsAll(Set.of(JavaModifier.PUBLIC, JavaModifier.STATIC))
                        && m.getRawParameterTypes().size() == 1
                        && m.getRawParameterTypes().get(0).isEquivalentTo(String[].class)));
    }

    private static boolean isPublic(JavaClass c) {
        return c.getModifiers().contains(JavaModifier.PUBLIC);
    }

    private static JavaClass component(JavaClass t) {
        JavaClass c = t;
        while (c.isArray()) {
            c = c.getComponentType();
        }
        return c;
    }

    private static JavaClass topLevel(JavaClass c) {
        JavaClass t = c;
        while (t.getEnclosingClass().isPresent()) {
            t = t.getEnclosingClass().get();
        }
        return t;
    }

    private static Set<String> publicTopLevelTypes(String pkg) {
        return main.stream().filter(c -> c.getPackageName().equals(pkg) && c.isTopLevelClass()
                && c.getModifiers().contains(JavaModifier.PUBLIC)).map(JavaClass::getSimpleName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static ArchCondition<JavaClass> beUsedFromAnotherPackage() {
        return new ArchCondition<>("be used from another package (else be package-private)") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                boolean used = c.getDirectDependenciesToSelf().stream()
                        .anyMatch(d -> !d.getOriginClass().getPackageName().equals(c.getPackageName()));
                if (!used) {
                    events.add(SimpleConditionEvent.violated(c, c.getName() + " is public but used only in "
                            + c.getPackageName() + ": make it package-private"));
                }
            }
        };
    }
}
