package ai.crafted.testsupport.providers;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/** Validity against the JSON Schema 2020-12 metaschema (networknt's bundled copy), as providers check it. */
final class Metaschema {

    private static final Schema DRAFT_2020_12 = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));

    private Metaschema() {
    }

    static List<String> problems(JsonNode schema) {
        List<Error> errors = DRAFT_2020_12.validate(schema);
        return errors.stream().map(Error::toString).toList();
    }
}
