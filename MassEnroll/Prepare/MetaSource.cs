namespace MassEnroll.Prepare;

/// <summary>Where <c>prepare</c> takes each image's meta string from (spec 8.5): one of its four <c>--meta-*</c> options, or none (empty).</summary>
public abstract record MetaSource
{
    /// <summary>The meta string of the image at this full path.</summary>
    public abstract string MetaOf(string image);

    /// <summary><c>--meta-const</c>: one meta string for every image.</summary>
    public sealed record Constant(string Meta) : MetaSource
    {
        public override string MetaOf(string image) => Meta;
    }

    /// <summary><c>--meta-companion EXT</c>: the text of the file beside the image with this extension (<c>photo1.jpg</c>,
    /// <c>photo1.txt</c>), its line break at the end left out; empty when there is none.</summary>
    public sealed record Companion(string Extension) : MetaSource
    {
        public override string MetaOf(string image)
        {
            var companion = Path.ChangeExtension(image, Extension.TrimStart('.'));
            try
            {
                return File.Exists(companion) ? File.ReadAllText(companion).TrimEnd('\r', '\n') : "";
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"Cannot read the metadata file {companion}: {error.Message}");
            }
        }
    }

    /// <summary><c>--meta-csv PATH</c> (<see cref="CsvMeta"/>): empty for an image the file does not list.</summary>
    public sealed record Csv(IReadOnlyDictionary<string, string> Meta) : MetaSource
    {
        public override string MetaOf(string image) => Meta.GetValueOrDefault(image, "");
    }

    /// <summary><c>--meta-filename</c>: the file's name without its extension.</summary>
    public sealed record FileName : MetaSource
    {
        public override string MetaOf(string image) => Path.GetFileNameWithoutExtension(image);
    }

    /// <summary>No <c>--meta-*</c> option: every meta string empty.</summary>
    public sealed record None : MetaSource
    {
        public override string MetaOf(string image) => "";
    }
}
