package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void everyStringSurvivesTheRoundTrip() {
        String tricky = "quote \" backslash \\ slash / nl \n cr \r tab \t bs \b ff \f nul \u0000 esc \u001b del \u007f"
                + " 日本語 é 🎉 ls \u2028 ps \u2029";
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("s", tricky);
        doc.put("key \"with\" quotes\n", List.of(1, -2, true, false, new ArrayList<>(), new LinkedHashMap<>()));
        doc.put("nothing", null);
        String json = Json.write(doc);
        Object back = MiniJson.parse(json);
        assertEquals(tricky, ((Map<?, ?>) back).get("s"));
        assertEquals(List.of(1L, -2L, true, false, List.of(), Map.of()), ((Map<?, ?>) back).get("key \"with\" quotes\n"));
        assertTrue(((Map<?, ?>) back).containsKey("nothing"));
        for (char c : json.toCharArray()) {
            assertFalse(c < 0x20 && c != '\n', "raw control character " + (int) c + " in " + json);
        }
        assertTrue(json.contains("日本語") && json.contains("🎉"), "non-ASCII text is written as is: " + json);
        assertTrue(json.contains("\\u2028") && json.contains("\\u0000") && json.contains("\\u001b"), json);
    }

    @Test
    void anUnpairedSurrogateIsEscapedSoTheOutputIsValidUtf8() {
        String json = Json.write(List.of("a\uD800b"));
        assertTrue(json.contains("\\ud800"), json);
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertEquals(json, new String(bytes, StandardCharsets.UTF_8));
    }
}
