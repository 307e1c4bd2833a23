namespace Workers.Video.Configuration;

/// <summary>The <c>name=value,name=value</c> lists of <c>body</c>, <c>headers</c> and <c>source-params</c> (spec 5.3.2).</summary>
public static class KeyValueList
{
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string? list, string option)
    {
        if (string.IsNullOrWhiteSpace(list))
            return [];
        return
        [
            .. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(item =>
            {
                var parts = item.Split('=', 2, StringSplitOptions.TrimEntries);
                return parts.Length == 2 && parts[0].Length > 0
                    ? KeyValuePair.Create(parts[0], parts[1])
                    : throw new FormatException($"{option}: '{item}' is not name=value.");
            }),
        ];
    }
}
