// The Java regex semantics AWS's @pattern values were written for, as an oracle for
// codegen/tests/pattern_meaning.rs: java.util.regex, as Smithy's own tooling compiles them.
//
// Reads lines from standard input, each a kind and a string written as hexadecimal code
// points separated by spaces:
//   P <pattern>   compile it; answers `ok` or `error <description>`
//   S <subject>   Matcher.find() of the last pattern on it; answers `1`, `0`, or `E` when the
//                 pattern did not compile
// Run: java codegen/tests/patterns/JavaRegexOracle.java < input
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

public class JavaRegexOracle {
    static String decode(String hex) {
        StringBuilder text = new StringBuilder();
        if (hex.isEmpty()) {
            return "";
        }
        for (String codePoint : hex.split(" ")) {
            text.appendCodePoint(Integer.parseInt(codePoint, 16));
        }
        return text.toString();
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out), false, "UTF-8");
        Pattern pattern = null;
        String line;
        while ((line = in.readLine()) != null) {
            String body = line.length() > 2 ? line.substring(2) : "";
            if (line.charAt(0) == 'P') {
                try {
                    pattern = Pattern.compile(decode(body));
                    out.println("ok");
                } catch (PatternSyntaxException e) {
                    pattern = null;
                    out.println("error " + e.getDescription());
                }
            } else if (pattern == null) {
                out.println("E");
            } else {
                out.println(pattern.matcher(decode(body)).find() ? "1" : "0");
            }
        }
        out.flush();
    }
}
