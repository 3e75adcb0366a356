package dev.dlt4j.source.rest;

import java.util.List;

/**
 * The link of a child resource to its parent: the parent's name and the fields the child's
 * placeholders read ({@code {resources.<parent>.<field>}}, as {@code field} paths of each parent item).
 */
record ParentRef(String resource, List<Field> fields) {
    /** One placeholder: its full expression and the JSONPath of the field in a parent item. */
    record Field(String expression, String field, JsonPath path) {
    }
}
