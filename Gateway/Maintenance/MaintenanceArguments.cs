using System.Globalization;
using Gateway.Features;
using Workers.Index;

namespace Gateway.Maintenance;

/// <summary>What rebuild-index and regenerate share: <c>--gallery NAME</c> (only that gallery's faces; default every face),
/// <c>--limit N</c> (stop after N faces, to continue later like an interrupted run) and <c>--restart</c> (start from the
/// first face, not from the checkpoint). Other arguments configure the host.</summary>
/// <param name="Error">Why the arguments are unusable, or null.</param>
public sealed record MaintenanceArguments(string Gallery, int Limit, bool Restart, string[] HostArgs, string? Error)
{
    public static MaintenanceArguments Parse(IReadOnlyList<string> args)
    {
        var (gallery, limit, restart, hostArgs) = (GalleryNames.Default, int.MaxValue, false, new List<string>());
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--restart":
                    restart = true;
                    break;
                case "--gallery" when i + 1 < args.Count && GalleryNames.IsValid(args[i + 1]):
                    gallery = args[++i];
                    break;
                case "--limit" when i + 1 < args.Count && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n > 0:
                    limit = n;
                    i++;
                    break;
                case "--gallery":
                    return Invalid($"--gallery needs a gallery name. {GalleryRules.NameRule}");
                case "--limit":
                    return Invalid("--limit needs a number of faces above 0.");
                default:
                    hostArgs.Add(args[i]);
                    break;
            }
        }
        return new MaintenanceArguments(gallery, limit, restart, [.. hostArgs], Error: null);

        MaintenanceArguments Invalid(string error) => new(gallery, limit, restart, [.. args], error);
    }

    /// <summary>The faces the run goes through, as its summary names them.</summary>
    public string Scope => Gallery == GalleryNames.Default ? "every face" : $"gallery {Gallery}";

    /// <summary>The checkpoint of a command's runs over this scope, so that runs over other galleries keep their own.</summary>
    public string CheckpointName(string run) => Gallery == GalleryNames.Default ? run : $"{run}-gallery-{Gallery}";
}
