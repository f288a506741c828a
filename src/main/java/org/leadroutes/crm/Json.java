package org.leadroutes.crm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The project's one Jackson {@link ObjectMapper}, configured once (a mapper is thread-safe once configured, and
 * costly to build). What differs per use is a reader or writer derived from it, not a mapper of its own. In the
 * CRM client's package because every package may depend on it.
 */
public final class Json {

    /** JSON as Jackson's defaults read and write it: CRM answers, spool lines, reports. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    /** Indented, for the report files people read. */
    public static final ObjectWriter INDENTED = MAPPER.writer(SerializationFeature.INDENT_OUTPUT);

    /** Numbers with a fraction read as {@code BigDecimal}: a value written out again exactly as the CRM sent it. */
    public static final ObjectReader EXACT_DECIMALS = MAPPER.reader(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** YAML (the column mapping and the known headers): another format, so a mapper of its own, also built once. */
    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Json() {
    }
}
