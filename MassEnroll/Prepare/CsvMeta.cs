using System.Text;

namespace MassEnroll.Prepare;

/// <summary>
/// The <c>--meta-csv</c> file (spec 8.5): one row per image, <c>metastring,image</c>, fields quoted with <c>"</c> where needed (a
/// quote inside doubled), as <c>"Phillip J. Fry","dir1/photo1.jpg"</c>. Image paths are relative to the current folder, as the
/// image patterns are. Images the file does not list get an empty meta string.
/// </summary>
public static class CsvMeta
{
    /// <returns>Each listed image's meta string by its full path.</returns>
    /// <exception cref="UsageException">The file cannot be read, or a line is not two fields (the message names the line).</exception>
    public static IReadOnlyDictionary<string, string> Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Cannot read the CSV file {path}: {error.Message}");
        }

        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        var line = 1;
        var position = 0;
        while (position < text.Length)
        {
            var rowLine = line;
            var fields = ReadRow(text, ref position, ref line, path);
            if (fields is [""])
                continue;
            if (fields.Count != 2)
                throw new UsageException($"{path}, line {rowLine}: expected 2 fields (metastring, image), found {fields.Count}.");
            if (fields[1].Length == 0)
                throw new UsageException($"{path}, line {rowLine}: the image is empty.");
            meta[Path.GetFullPath(fields[1])] = fields[0];
        }
        return meta;
    }

    // One row from position, which ends past its line break.
    private static List<string> ReadRow(string text, ref int position, ref int line, string path)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var wasQuoted = false;
        while (position < text.Length)
        {
            var c = text[position++];
            if (quoted)
            {
                if (c == '"' && position < text.Length && text[position] == '"')
                {
                    field.Append('"');
                    position++;
                }
                else if (c == '"')
                    quoted = false;
                else
                {
                    if (c == '\n')
                        line++;
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0 && !wasQuoted:
                    quoted = wasQuoted = true;
                    break;
                case '"':
                    throw new UsageException($"{path}, line {line}: a quote inside an unquoted field (quote the field and double the quote).");
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    wasQuoted = false;
                    break;
                case '\r' when position < text.Length && text[position] == '\n':
                    break;
                case '\n':
                    line++;
                    fields.Add(field.ToString());
                    return fields;
                default:
                    if (wasQuoted && !char.IsWhiteSpace(c))
                        throw new UsageException($"{path}, line {line}: text after a closing quote.");
                    if (!wasQuoted)
                        field.Append(c);
                    break;
            }
        }
        if (quoted)
            throw new UsageException($"{path}, line {line}: a quoted field is not closed.");
        fields.Add(field.ToString());
        return fields;
    }
}
