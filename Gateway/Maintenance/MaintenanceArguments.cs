using Contracts.Index;
using System.CommandLine;
using System.Globalization;
using Gateway.Features;

namespace Gateway.Maintenance;

/// <summary>What rebuild-index and regenerate share: <c>--gallery NAME</c> (only that gallery's faces; default every face),
/// <c>--limit N</c> (stop after N faces, to continue later like an interrupted run) and <c>--restart</c> (start from the
/// first face, not from the checkpoint).</summary>
public sealed record MaintenanceArguments(string Gallery, int Limit, bool Restart)
{
    /// <summary>The faces the run goes through, as its summary names them.</summary>
    public string Scope => Gallery == GalleryNames.Default ? "every face" : $"gallery {Gallery}";

    /// <summary>The checkpoint of a command's runs over this scope, so that runs over other galleries keep their own.</summary>
    public string CheckpointName(string run) => Gallery == GalleryNames.Default ? run : $"{run}-gallery-{Gallery}";

    /// <summary>The command <paramref name="name"/> with these options; <paramref name="chosen"/> gets its run when it is the one
    /// asked for.</summary>
    public static Command Define(string name, string description, Func<MaintenanceArguments, IGatewayCommand> command,
        Action<IGatewayCommand> chosen)
    {
        var gallery = new Option<string>("--gallery")
        {
            Description = "Only this gallery's faces (default: every face)",
            HelpName = "NAME",
            DefaultValueFactory = _ => GalleryNames.Default,
            CustomParser = result =>
            {
                if (result.Tokens is [{ Value: var name }] && GalleryNames.IsValid(name))
                    return name;
                result.AddError($"--gallery needs a gallery name. {GalleryRules.NameRule}");
                return GalleryNames.Default;
            },
        };
        var limit = new Option<int>("--limit")
        {
            Description = "Stop after N faces (run again to continue)",
            HelpName = "N",
            DefaultValueFactory = _ => int.MaxValue,
            CustomParser = result =>
            {
                if (result.Tokens is [{ Value: var text }] && int.TryParse(text, CultureInfo.InvariantCulture, out var faces) && faces > 0)
                    return faces;
                result.AddError("--limit needs a number of faces above 0.");
                return int.MaxValue;
            },
        };
        var restart = new Option<bool>("--restart") { Description = "Start from the first face, not from the checkpoint" };
        var defined = new Command(name, description) { gallery, limit, restart };
        defined.SetAction(parsed => chosen(command(new MaintenanceArguments(parsed.GetValue(gallery)!, parsed.GetValue(limit),
            parsed.GetValue(restart)))));
        return defined;
    }
}
