package dev.dlt4j.source.rest;

import dev.dlt4j.MergeHints;
import dev.dlt4j.MergeStrategy;
import dev.dlt4j.Scd2;
import dev.dlt4j.WriteDisposition;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a {@code rest_api} settings tree (dlt's {@code RESTAPIConfig}: {@code client},
 * {@code resource_defaults}, {@code resources}) into a {@link SourceSpec}, checking everything that
 * can be checked before a request: unknown keys (with a did-you-mean), types, paginator and auth
 * types, placeholders and the resources they name, missing secrets. Follows dlt's
 * {@code config_setup.py}: a string resource is name and path; an endpoint without path uses the
 * name; {@code resource_defaults} merge under each resource ({@code params} and {@code json} one
 * level deep); a path ending in a placeholder is a single entity ({@code data_selector = "$"},
 * {@code single_page}) unless the endpoint or the defaults set a paginator.
 */
final class SpecParser {
    static final Set<String> ROOT_KEYS = Set.of("client", "resource_defaults", "resources", "type");
    static final Set<String> CLIENT_KEYS = Set.of("base_url", "headers", "auth", "paginator", "requests_per_second");
    static final Set<String> ENDPOINT_KEYS = Set.of("path", "method", "params", "json", "headers", "paginator",
            "data_selector", "incremental", "auth");
    static final Set<String> RESOURCE_KEYS = Set.of("name", "endpoint", "include_from_parent", "write_disposition",
            "primary_key", "merge_key", "table_name", "max_table_nesting", "selected", "parallelized",
            "processing_steps");
    static final Set<String> DEFAULTS_KEYS = minus(RESOURCE_KEYS, "name");
    static final List<String> INCREMENTAL_FIELDS = List.of("start_value", "initial_value", "last_value", "end_value");

    private final String sourceName;
    private final SecretLookup secrets;
    private final Map<String, List<ResourceSpec.Step>> javaSteps;

    SpecParser(String sourceName, SecretLookup secrets, Map<String, List<ResourceSpec.Step>> javaSteps) {
        this.sourceName = sourceName;
        this.secrets = secrets;
        this.javaSteps = javaSteps;
    }

    private static Set<String> minus(Set<String> s, String k) {
        Set<String> out = new HashSet<>(s);
        out.remove(k);
        return Set.copyOf(out);
    }

    SourceSpec parse(Map<String, Object> settings) {
        Settings.checkKeys(settings, "", ROOT_KEYS);
        if (!settings.containsKey("client")) {
            throw Settings.error("client", "a rest_api source needs a client table (base_url, auth, paginator, ...)");
        }
        Map<String, Object> client = Settings.table(settings.get("client"), "client");
        Settings.checkKeys(client, "client", CLIENT_KEYS);
        Optional<String> baseUrl = Settings.text(client, "client", "base_url");
        baseUrl.ifPresent(u -> checkUrl(u, "client.base_url"));
        Map<String, String> headers = Settings.textTable(client, "client", "headers");
        Optional<AuthSpec> clientAuth = Optional.ofNullable(client.get("auth"))
                .map(a -> AuthSpec.parse(a, "client.auth", secrets));
        Optional<PaginatorSpec> clientPaginator = Optional.ofNullable(client.get("paginator"))
                .map(p -> PaginatorSpec.parse(p, "client.paginator"));

        Map<String, Object> defaults = settings.containsKey("resource_defaults")
                ? Settings.table(settings.get("resource_defaults"), "resource_defaults") : Map.of();
        Settings.checkKeys(defaults, "resource_defaults", DEFAULTS_KEYS);
        if (defaults.containsKey("endpoint")) {
            Map<String, Object> e = Settings.table(defaults.get("endpoint"), "resource_defaults.endpoint");
            Settings.checkKeys(e, "resource_defaults.endpoint", ENDPOINT_KEYS);
        }

        Object list = settings.get("resources");
        if (!(list instanceof List<?> resources) || resources.isEmpty()) {
            throw Settings.error("resources", "a rest_api source needs a non-empty list of resources, got "
                    + (list instanceof List<?> ? "an empty list" : Settings.describe(list)));
        }
        // first pass: names and merged tables, so that placeholders can name any resource
        List<Map<String, Object>> merged = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        Map<String, Integer> names = new LinkedHashMap<>();
        for (int i = 0; i < resources.size(); i++) {
            String path = Settings.index("resources", i);
            Map<String, Object> r = resourceTable(resources.get(i), path);
            Map<String, Object> m = merge(defaults, r);
            String name = Settings.text(m, path, "name").orElseThrow();
            if (names.containsKey(name)) {
                throw Settings.error(Settings.join(path, "name"), "resource '" + name + "' is already defined (at "
                        + Settings.index("resources", names.get(name)) + ")");
            }
            names.put(name, i);
            merged.add(m);
            paths.add(path);
        }
        for (String n : javaSteps.keySet()) {
            if (!names.containsKey(n)) {
                throw Settings.error("resources", "processing steps were given for resource '" + n + "', which is not"
                        + " defined" + DidYouMean.suggest(n, names.keySet()));
            }
        }
        List<ResourceSpec> out = new ArrayList<>();
        for (int i = 0; i < merged.size(); i++) {
            out.add(resource(merged.get(i), paths.get(i), defaults, clientAuth, clientPaginator, names.keySet()));
        }
        checkNoCycle(out);
        return new SourceSpec(sourceName, baseUrl, headers, List.copyOf(out));
    }

    /** A resource entry as a table with {@code name} and an {@code endpoint} table holding {@code path}. */
    private static Map<String, Object> resourceTable(Object entry, String path) {
        Map<String, Object> r = new LinkedHashMap<>();
        if (entry instanceof String s) {
            r.put("name", s);
            r.put("endpoint", new LinkedHashMap<>(Map.of("path", s)));
            return r;
        }
        r.putAll(Settings.table(entry, path));
        Settings.checkKeys(r, path, RESOURCE_KEYS);
        String name = Settings.text(r, path, "name").orElseThrow(() -> Settings.error(Settings.join(path, "name"),
                "a resource needs a name"));
        if (name.isBlank()) {
            throw Settings.error(Settings.join(path, "name"), "a resource name must not be blank");
        }
        Object e = r.get("endpoint");
        Map<String, Object> endpoint = new LinkedHashMap<>();
        if (e instanceof String s) {
            endpoint.put("path", s);
        } else if (e != null) {
            endpoint.putAll(Settings.table(e, Settings.join(path, "endpoint")));
            Settings.checkKeys(endpoint, Settings.join(path, "endpoint"), ENDPOINT_KEYS);
        }
        endpoint.putIfAbsent("path", name);
        r.put("endpoint", endpoint);
        return r;
    }

    /** dlt's {@code _merge_resource_endpoints}: resource keys over defaults; endpoint keys over defaults, params and json one level deep. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> defaults, Map<String, Object> resource) {
        Map<String, Object> out = new LinkedHashMap<>(defaults);
        out.putAll(resource);
        Map<String, Object> endpoint = new LinkedHashMap<>();
        Map<String, Object> de = defaults.get("endpoint") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Map<String, Object> re = (Map<String, Object>) resource.get("endpoint");
        endpoint.putAll(de);
        for (Map.Entry<String, Object> e : re.entrySet()) {
            if ((e.getKey().equals("params") || e.getKey().equals("json")) && de.get(e.getKey()) instanceof Map<?, ?> d
                    && e.getValue() instanceof Map<?, ?> v) {
                Map<String, Object> both = new LinkedHashMap<>((Map<String, Object>) d);
                both.putAll((Map<String, Object>) v);
                endpoint.put(e.getKey(), both);
            } else {
                endpoint.put(e.getKey(), e.getValue());
            }
        }
        out.put("endpoint", endpoint);
        return out;
    }

    @SuppressWarnings("unchecked")
    private ResourceSpec resource(Map<String, Object> r, String path, Map<String, Object> defaults,
            Optional<AuthSpec> clientAuth, Optional<PaginatorSpec> clientPaginator, Set<String> names) {
        String name = (String) r.get("name");
        String ep = Settings.join(path, "endpoint");
        Map<String, Object> e = (Map<String, Object>) r.get("endpoint");
        String endpointPath = Settings.text(e, ep, "path").orElse(name);
        String method = Settings.text(e, ep, "method").orElse("GET").toUpperCase(Locale.ROOT);
        if (!method.equals("GET") && !method.equals("POST")) {
            throw Settings.error(Settings.join(ep, "method"), "unknown method '" + method + "'; allowed: GET, POST");
        }
        Map<String, Object> params = new LinkedHashMap<>(e.containsKey("params")
                ? Settings.table(e.get("params"), Settings.join(ep, "params")) : Map.of());
        Map<String, String> headers = Settings.textTable(e, ep, "headers");
        Optional<Map<String, Object>> json = Optional.ofNullable(e.get("json"))
                .map(j -> Settings.table(j, Settings.join(ep, "json")));
        if (json.isPresent() && method.equals("GET")) {
            throw Settings.error(Settings.join(ep, "json"), "a JSON body needs method = \"POST\"");
        }

        // legacy params: {type = "resolve", resource, field} binds a path placeholder; {type = "incremental", ...}
        Optional<IncrementalSpec> incremental = Optional.empty();
        Map<String, String> resolveParams = new LinkedHashMap<>();
        for (Map.Entry<String, Object> p : new ArrayList<>(params.entrySet())) {
            String pp = Settings.join(Settings.join(ep, "params"), p.getKey());
            if (p.getValue() instanceof Map<?, ?> m) {
                Map<String, Object> t = Settings.table(m, pp);
                String type = Settings.text(t, pp, "type").orElseThrow(() -> Settings.error(pp, "a table param needs"
                        + " type = \"resolve\" or \"incremental\""));
                if (type.equals("resolve")) {
                    Settings.checkKeys(t, pp, Set.of("type", "resource", "field"));
                    String res = Settings.text(t, pp, "resource").orElseThrow(() -> Settings.error(
                            Settings.join(pp, "resource"), "a resolve param needs the parent resource"));
                    String field = Settings.text(t, pp, "field").orElseThrow(() -> Settings.error(
                            Settings.join(pp, "field"), "a resolve param needs the parent's field"));
                    resolveParams.put(p.getKey(), "resources." + res + "." + field);
                    params.remove(p.getKey());
                } else if (type.equals("incremental")) {
                    if (incremental.isPresent() || e.containsKey("incremental")) {
                        throw Settings.error(pp, "only one incremental per endpoint");
                    }
                    Map<String, Object> inc = new LinkedHashMap<>(t);
                    inc.remove("type");
                    if (inc.containsKey("end_value") || inc.containsKey("end_param")) {
                        throw Settings.error(pp, "only start_param and initial_value are allowed in an incremental"
                                + " param; set end_value in endpoint.incremental");
                    }
                    inc.put("start_param", p.getKey());
                    incremental = Optional.of(incremental(inc, pp));
                    params.remove(p.getKey());
                } else {
                    throw Settings.error(Settings.join(pp, "type"), "unknown param type '" + type + "'; allowed:"
                            + " resolve, incremental");
                }
            } else if (p.getValue() instanceof List<?>) {
                throw Settings.error(pp, "a query param must be text, a number or a boolean, got a list");
            }
        }
        if (e.containsKey("incremental")) {
            incremental = Optional.of(incremental(Settings.table(e.get("incremental"), Settings.join(ep, "incremental")),
                    Settings.join(ep, "incremental")));
        }
        Set<String> contexts = incremental.isPresent() ? Set.of("resources", "incremental") : Set.of("resources");

        // path placeholders: contexts stay; a legacy resolve param or a static param is bound here
        List<String> pathFields = fields(endpointPath, Settings.join(ep, "path"));
        StringBuilder bound = new StringBuilder();
        String rest = endpointPath;
        for (String f : pathFields) {
            String token = "{" + f + "}";
            int at = rest.indexOf(token);
            bound.append(rest, 0, at);
            rest = rest.substring(at + token.length());
            if (contexts.stream().anyMatch(c -> f.startsWith(c + "."))) {
                bound.append(token);
            } else if (resolveParams.containsKey(f)) {
                bound.append("{").append(resolveParams.remove(f)).append("}");
            } else if (params.containsKey(f) && !f.contains(".")) {
                bound.append(Placeholders.asText(params.remove(f)));
            } else if (f.contains(".")) {
                String ctx = f.substring(0, f.indexOf('.'));
                throw Settings.error(Settings.join(ep, "path"), "placeholder {" + f + "} in '" + endpointPath
                        + "' is not valid: '" + ctx + "' is not a context" + DidYouMean.suggest(ctx, List.of("resources",
                        "incremental")) + "; valid: {resources.<parent>.<field>}"
                        + (incremental.isPresent() ? ", {incremental.start_value}" : " ({incremental.*} needs"
                        + " endpoint.incremental)"));
            } else {
                throw Settings.error(Settings.join(ep, "path"), "placeholder {" + f + "} in '" + endpointPath
                        + "' has no value: add it to endpoint.params, or write {resources.<parent>.<field>}");
            }
        }
        bound.append(rest);
        // literal braces stay escaped for the expansion at request time
        String boundPath = bound.toString();
        if (!resolveParams.isEmpty()) {
            throw Settings.error(Settings.join(ep, "params"), "resolve params " + resolveParams.keySet() + " are not"
                    + " used in path '" + endpointPath + "'; reference the parent in query params as"
                    + " {resources.<parent>.<field>}");
        }

        Set<String> expressions = new LinkedHashSet<>(fields(boundPath, Settings.join(ep, "path")));
        expressions.addAll(fieldsIn(params, Settings.join(ep, "params"), contexts));
        expressions.addAll(fieldsIn(headers, Settings.join(ep, "headers"), contexts));
        json.ifPresent(j -> expressions.addAll(fieldsIn(j, Settings.join(ep, "json"), contexts)));
        Optional<ParentRef> parent = parent(name, ep, expressions, names);
        for (String x : expressions) {
            if (x.startsWith("incremental.")) {
                String f = x.substring("incremental.".length());
                if (!INCREMENTAL_FIELDS.contains(f)) {
                    throw Settings.error(ep, "placeholder {" + x + "} is not valid" + DidYouMean.suggest(f,
                            INCREMENTAL_FIELDS) + "; allowed: " + INCREMENTAL_FIELDS.stream().map(s -> "{incremental."
                            + s + "}").toList());
                }
            }
        }

        if (incremental.isPresent() && incremental.get().perParent().isPresent() && parent.isEmpty()) {
            throw Settings.error(Settings.join(Settings.join(ep, "incremental"), "per_parent"), "resource '" + name
                    + "' has no parent: per_parent keeps one cursor per parent item of a child resource");
        }
        // single entity: a path ending in a placeholder gets "$" and single_page unless endpoint/defaults set them
        boolean single = lastSegmentHasPlaceholder(endpointPath);
        Optional<JsonPath> dataSelector = Settings.text(e, ep, "data_selector")
                .map(s -> PaginatorSpec.compile(s, Settings.join(ep, "data_selector")));
        if (single && dataSelector.isEmpty()) {
            dataSelector = Optional.of(JsonPath.compile("$"));
        }
        PaginatorSpec paginator;
        if (e.get("paginator") != null) {
            paginator = PaginatorSpec.parse(e.get("paginator"), Settings.join(ep, "paginator"));
        } else if (single) {
            paginator = new PaginatorSpec.SinglePage();
        } else {
            paginator = clientPaginator.orElse(new PaginatorSpec.Auto());
        }
        if (method.equals("POST") && !(paginator instanceof PaginatorSpec.SinglePage
                || paginator instanceof PaginatorSpec.Cursor || paginator instanceof PaginatorSpec.Range
                || paginator instanceof PaginatorSpec.Auto)) {
            // dlt paginates POST only with body paths; a next URL loses the body, which would repeat page one
            throw Settings.error(Settings.join(ep, "paginator"), "a POST endpoint pages with cursor, offset or"
                    + " page_number (params or *_body_path), or single_page; " + paginator.describe() + " would resend"
                    + " the body to each next URL");
        }
        Optional<AuthSpec> auth = e.get("auth") != null
                ? Optional.of(AuthSpec.parse(e.get("auth"), Settings.join(ep, "auth"), secrets)) : clientAuth;

        List<String> include = Settings.texts(r, path, "include_from_parent");
        if (!include.isEmpty() && parent.isEmpty()) {
            throw Settings.error(Settings.join(path, "include_from_parent"), "resource '" + name + "' has no parent:"
                    + " include_from_parent needs a {resources.<parent>.<field>} placeholder in its endpoint");
        }
        Optional<WriteDisposition> wd = Optional.empty();
        Optional<MergeHints> merge = Optional.empty();
        Object wdv = r.get("write_disposition");
        if (wdv instanceof Map<?, ?> m) {
            String wdPath = Settings.join(path, "write_disposition");
            Map<String, Object> t = Settings.table(m, wdPath);
            Set<String> allowed = new java.util.HashSet<>(SCD2_KEYS);
            allowed.addAll(Set.of("disposition", "strategy"));
            Settings.checkKeys(t, wdPath, allowed);
            wd = Optional.of(disposition(Settings.text(t, wdPath, "disposition").orElse("append"),
                    Settings.join(wdPath, "disposition")));
            Optional<String> s = Settings.text(t, wdPath, "strategy");
            MergeStrategy strategy = null;
            if (s.isPresent()) {
                try {
                    strategy = MergeStrategy.fromDltName(s.get());
                } catch (IllegalArgumentException x) {
                    throw Settings.error(Settings.join(wdPath, "strategy"), x.getMessage());
                }
            }
            Optional<String> scd2Key = SCD2_KEYS.stream().filter(t::containsKey).sorted().findFirst();
            if (scd2Key.isPresent() && strategy != MergeStrategy.SCD2) {
                throw Settings.error(Settings.join(wdPath, scd2Key.get()), "is an option of merge strategy scd2, and"
                        + " this resource's strategy is " + (strategy == null ? "not set" : strategy)
                        + "; set strategy = \"scd2\" or leave the option out");
            }
            if (strategy != null) {
                merge = Optional.of(new MergeHints(strategy, strategy == MergeStrategy.SCD2 ? scd2(t, wdPath)
                        : Scd2.DEFAULT));
            }
        } else if (wdv != null) {
            wd = Optional.of(disposition(Settings.text(r, path, "write_disposition").orElseThrow(),
                    Settings.join(path, "write_disposition")));
        }
        if (r.containsKey("processing_steps")) {
            throw Settings.error(Settings.join(path, "processing_steps"), "filter and map steps are code: give them with"
                    + " RestResource.filter(...) / .map(...) of the Java builder");
        }
        Optional<Integer> nesting = Settings.integer(r, path, "max_table_nesting").map(Long::intValue);
        return new ResourceSpec(name, path,
                new EndpointSpec(boundPath, method, params, headers, json, paginator, dataSelector, auth, incremental),
                Settings.text(r, path, "table_name"), Settings.texts(r, path, "primary_key"),
                Settings.texts(r, path, "merge_key"), wd, merge, nesting,
                Settings.bool(r, path, "selected").orElse(true), Settings.bool(r, path, "parallelized").orElse(false),
                include, parent, javaSteps.getOrDefault(name, List.of()));
    }

    /** dlt's options of merge strategy scd2 in a {@code write_disposition} table. */
    private static final Set<String> SCD2_KEYS = Set.of("validity_column_names", "active_record_timestamp",
            "boundary_timestamp", "row_version_column_name");

    private static Scd2 scd2(Map<String, Object> t, String wdPath) {
        Scd2.Builder b = Scd2.builder();
        List<String> validity = Settings.texts(t, wdPath, "validity_column_names");
        if (t.containsKey("validity_column_names")) {
            if (validity.size() != 2) {
                throw Settings.error(Settings.join(wdPath, "validity_column_names"), "must name two columns,"
                        + " [\"<valid from>\", \"<valid to>\"]; got " + validity.size());
            }
            b.validityColumnNames(validity.get(0), validity.get(1));
        }
        for (String key : List.of("active_record_timestamp", "boundary_timestamp")) {
            // settings given as a Java map may hold date and time objects, as dlt takes them
            Optional<java.time.Instant> given = instantOf(t.get(key));
            Optional<String> text = given.isPresent() ? Optional.empty() : Settings.text(t, wdPath, key);
            if (given.isPresent() || text.isPresent()) {
                java.time.Instant value;
                try {
                    value = given.isPresent() ? given.get() : Scd2.timestamp(text.get());
                } catch (IllegalArgumentException e) {
                    throw Settings.error(Settings.join(wdPath, key), e.getMessage());
                }
                if (key.equals("active_record_timestamp")) {
                    b.activeRecordTimestamp(value);
                } else {
                    b.boundaryTimestamp(value);
                }
            }
        }
        Settings.text(t, wdPath, "row_version_column_name").ifPresent(b::rowVersionColumnName);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw Settings.error(wdPath, e.getMessage());
        }
    }

    /** A date or time object as an instant: one without a zone or offset is UTC, a date its midnight. */
    private static Optional<java.time.Instant> instantOf(Object v) {
        if (v instanceof java.time.Instant i) {
            return Optional.of(i);
        }
        if (v instanceof java.time.OffsetDateTime o) {
            return Optional.of(o.toInstant());
        }
        if (v instanceof java.time.ZonedDateTime z) {
            return Optional.of(z.toInstant());
        }
        if (v instanceof java.time.LocalDateTime l) {
            return Optional.of(l.toInstant(java.time.ZoneOffset.UTC));
        }
        if (v instanceof java.time.LocalDate d) {
            return Optional.of(d.atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
        }
        return Optional.empty();
    }

    private static WriteDisposition disposition(String s, String path) {
        try {
            return WriteDisposition.fromDltName(s);
        } catch (IllegalArgumentException e) {
            List<String> allowed = java.util.Arrays.stream(WriteDisposition.values()).map(WriteDisposition::dltName)
                    .toList();
            throw Settings.error(path, "unknown write disposition '" + s + "'" + DidYouMean.suggest(s, allowed)
                    + "; allowed: " + String.join(", ", allowed));
        }
    }

    private static List<String> fields(String text, String path) {
        try {
            return Placeholders.fields(text);
        } catch (IllegalArgumentException e) {
            throw Settings.error(path, e.getMessage());
        }
    }

    /** The placeholders in a params/headers/json tree, each required to start with a context. */
    private static Set<String> fieldsIn(Object tree, String path, Set<String> contexts) {
        Set<String> found;
        try {
            found = Placeholders.fieldsIn(tree);
        } catch (IllegalArgumentException e) {
            throw Settings.error(path, e.getMessage());
        }
        for (String f : found) {
            if (contexts.stream().noneMatch(c -> f.startsWith(c + "."))) {
                String ctx = f.contains(".") ? f.substring(0, f.indexOf('.')) : f;
                String hint = List.of("resources", "incremental").contains(ctx) ? ""
                        : DidYouMean.suggest(ctx, List.of("resources", "incremental"));
                throw Settings.error(path, "placeholder {" + f + "} is not valid" + hint + ": placeholders start with "
                        + String.join(" or ", contexts.stream().sorted(java.util.Comparator.reverseOrder()).map(c -> c
                                + ".").toList()) + (contexts.contains("incremental") ? "" : " ({incremental.*} needs"
                        + " endpoint.incremental)") + "; write {{ and }} for literal braces");
            }
        }
        return found;
    }

    private Optional<ParentRef> parent(String name, String ep, Set<String> expressions, Set<String> names) {
        Set<String> parents = new LinkedHashSet<>();
        List<ParentRef.Field> fields = new ArrayList<>();
        for (String x : expressions) {
            if (!x.startsWith("resources.")) {
                continue;
            }
            String[] parts = x.split("\\.", 3);
            if (parts.length != 3 || parts[1].isEmpty() || parts[2].isEmpty()) {
                throw Settings.error(ep, "placeholder {" + x + "} is not valid: write {resources.<parent>.<field>}");
            }
            if (!names.contains(parts[1])) {
                throw Settings.error(ep, "placeholder {" + x + "} names resource '" + parts[1] + "', which is not"
                        + " defined" + DidYouMean.suggest(parts[1], names) + "; resources: " + String.join(", ", names));
            }
            if (parts[1].equals(name)) {
                throw Settings.error(ep, "placeholder {" + x + "} names the resource itself; a child names its parent");
            }
            parents.add(parts[1]);
            fields.add(new ParentRef.Field(x, parts[2], PaginatorSpec.compile(parts[2], ep)));
        }
        if (parents.size() > 1) {
            throw Settings.error(ep, "resource '" + name + "' names several parents " + parents + "; a child has one");
        }
        return parents.isEmpty() ? Optional.empty() : Optional.of(new ParentRef(parents.iterator().next(),
                List.copyOf(fields)));
    }

    private static void checkNoCycle(List<ResourceSpec> resources) {
        Map<String, ResourceSpec> byName = new LinkedHashMap<>();
        resources.forEach(r -> byName.put(r.name(), r));
        for (ResourceSpec r : resources) {
            Set<String> seen = new LinkedHashSet<>();
            ResourceSpec at = r;
            while (at.parent().isPresent()) {
                if (!seen.add(at.name())) {
                    throw Settings.error(r.settingsPath(), "resources " + seen + " are each other's parents");
                }
                at = byName.get(at.parent().get().resource());
            }
        }
    }

    private static boolean lastSegmentHasPlaceholder(String path) {
        String p = path;
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        String last = p.substring(p.lastIndexOf('/') + 1);
        return last.matches(".*(?<!\\{)\\{[a-zA-Z0-9.\\-_]+\\}.*");
    }

    private IncrementalSpec incremental(Map<String, Object> t, String path) {
        Settings.checkKeys(t, path, IncrementalSpec.KEYS);
        String cursor = Settings.text(t, path, "cursor_path").orElseThrow(() -> Settings.error(
                Settings.join(path, "cursor_path"), "an incremental needs the cursor_path of the items' cursor field"));
        Optional<String> func = Settings.text(t, path, "last_value_func");
        if (func.isPresent() && !List.of("max", "min").contains(func.get())) {
            throw Settings.error(Settings.join(path, "last_value_func"), "unknown last_value_func '" + func.get()
                    + "'; allowed: max, min");
        }
        Optional<String> order = choice(t, path, "row_order", List.of("asc", "desc"));
        Optional<String> missing = choice(t, path, "on_cursor_value_missing", List.of("raise", "include", "exclude"));
        Optional<String> rangeStart = choice(t, path, "range_start", List.of("open", "closed"));
        Optional<String> rangeEnd = choice(t, path, "range_end", List.of("open", "closed"));
        Optional<Duration> window = duration(t, path, "window_size");
        Optional<Duration> lookback = duration(t, path, "lookback");
        Optional<String> startParam = Settings.text(t, path, "start_param");
        Optional<String> endParam = Settings.text(t, path, "end_param");
        if (window.isPresent()) {
            if (window.get().isZero() || window.get().isNegative()) {
                throw Settings.error(Settings.join(path, "window_size"), "must be more than 0");
            }
            if (startParam.isEmpty() || endParam.isEmpty()) {
                throw Settings.error(Settings.join(path, startParam.isEmpty() ? "start_param" : "end_param"),
                        "the date-window mode (window_size) needs start_param and end_param: the query params that"
                                + " take each window's start and end");
            }
            if (!t.containsKey("initial_value")) {
                throw Settings.error(Settings.join(path, "initial_value"), "the date-window mode needs an initial_value"
                        + " (an ISO-8601 date-time) where the first window starts");
            }
            instant(t.get("initial_value"), Settings.join(path, "initial_value"));
            if (t.containsKey("end_value")) {
                instant(t.get("end_value"), Settings.join(path, "end_value"));
            }
        } else if (lookback.isPresent()) {
            throw Settings.error(Settings.join(path, "lookback"), "lookback belongs to the date-window mode: set"
                    + " window_size too");
        }
        return new IncrementalSpec(cursor, Optional.ofNullable(t.get("initial_value")),
                Optional.ofNullable(t.get("end_value")), startParam, endParam, func, Settings.texts(t, path,
                "primary_key"), order, missing, Settings.number(t, path, "lag"), rangeStart, rangeEnd, window, lookback,
                Settings.text(t, path, "per_parent"));
    }

    private static Optional<String> choice(Map<String, Object> t, String path, String key, List<String> allowed) {
        Optional<String> v = Settings.text(t, path, key).map(s -> s.toLowerCase(Locale.ROOT));
        if (v.isPresent() && !allowed.contains(v.get())) {
            throw Settings.error(Settings.join(path, key), "unknown value '" + v.get() + "'" + DidYouMean.suggest(v.get(),
                    allowed) + "; allowed: " + String.join(", ", allowed));
        }
        return v;
    }

    /** An ISO-8601 duration ({@code P1D}, {@code PT6H}) or a number of seconds. */
    static Optional<Duration> duration(Map<String, Object> t, String path, String key) {
        Object v = t.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Number n) {
            return Optional.of(Duration.ofMillis(Math.round(n.doubleValue() * 1000)));
        }
        if (v instanceof String s) {
            String u = s.trim().toUpperCase(Locale.ROOT);
            try {
                if (u.startsWith("P") && u.contains("D") && !u.contains("T")) {
                    return Optional.of(Duration.ofDays(java.time.Period.parse(u).getDays()));
                }
                return Optional.of(Duration.parse(u));
            } catch (DateTimeParseException e) {
                // fall through to the error
            }
        }
        throw Settings.error(Settings.join(path, key), "must be an ISO-8601 duration such as \"P1D\" or \"PT6H\", or a"
                + " number of seconds; got " + Settings.describe(v));
    }

    static java.time.Instant instant(Object v, String path) {
        try {
            return DateWindows.parseInstant(v);
        } catch (RuntimeException e) {
            throw Settings.error(path, "must be an ISO-8601 date or date-time such as \"2024-01-01T00:00:00Z\"; got "
                    + Settings.describe(v));
        }
    }

    static void checkUrl(String url, String path) {
        try {
            java.net.URI u = java.net.URI.create(url);
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                    || u.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw Settings.error(path, "'" + url + "' is not an http(s) URL");
        }
    }
}
