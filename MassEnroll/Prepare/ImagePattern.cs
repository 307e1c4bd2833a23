using System.Text;
using System.Text.RegularExpressions;

namespace MassEnroll.Prepare;

/// <summary>
/// A pattern naming images as a shell would (spec 8.5: <c>'*.jpg'</c>, <c>'subdir/*.png'</c>, <c>'**/*.jpeg'</c>), expanded by the
/// tool since it is quoted: <c>*</c> and <c>?</c> within a name, <c>[...]</c> a set of characters, <c>**</c> any number of folders.
/// Relative patterns start in the current folder; a pattern without wildcards names one file.
/// </summary>
public static class ImagePattern
{
    private static readonly char[] Wildcards = ['*', '?', '['];

    /// <returns>The full paths of the files matching, in ordinal order.</returns>
    public static IReadOnlyList<string> Expand(string pattern)
    {
        var full = Path.GetFullPath(pattern.Replace('\\', '/'));
        if (full.IndexOfAny(Wildcards) < 0)
            return File.Exists(full) ? [full] : [];

        // The folders before the first wildcard are walked from; the rest is matched against paths below it.
        var segments = full.Split('/');
        var literal = segments.TakeWhile(segment => segment.IndexOfAny(Wildcards) < 0).ToList();
        var root = string.Join('/', literal) is { Length: > 0 } joined ? joined : "/";
        if (!Directory.Exists(root))
            return [];
        var rest = segments.Skip(literal.Count).ToList();
        var matcher = new Regex("^" + ToRegex(rest) + "$", RegexOptions.CultureInvariant);
        var deep = rest.Count > 1 || rest.Contains("**");
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = deep,
            IgnoreInaccessible = true,
            AttributesToSkip = 0,
            MatchType = MatchType.Simple,
        };
        return Directory.EnumerateFiles(root, "*", options)
            .Where(file => matcher.IsMatch(Path.GetRelativePath(root, file).Replace('\\', '/')))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static string ToRegex(IReadOnlyList<string> segments)
    {
        var regex = new StringBuilder();
        for (var i = 0; i < segments.Count; i++)
        {
            var last = i == segments.Count - 1;
            if (segments[i] == "**")
            {
                // Zero or more folders; as the last segment, every file below.
                regex.Append(last ? ".*" : "(?:[^/]+/)*");
                continue;
            }
            regex.Append(SegmentToRegex(segments[i]));
            if (!last)
                regex.Append('/');
        }
        return regex.ToString();
    }

    private static string SegmentToRegex(string segment)
    {
        var regex = new StringBuilder();
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            switch (c)
            {
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '[' when segment.IndexOf(']', i + 1) is var end and > 0:
                    var set = segment[(i + 1)..end];
                    regex.Append('[').Append(set.StartsWith('!') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                    i = end;
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        return regex.ToString();
    }
}
