using System.Text.Json;

namespace MassEnroll.Tests;

/// <summary><c>prepare</c> (spec 8.5): patterns with <c>**</c>, the four meta sources, <c>--split</c>, and what it refuses. Files
/// are only listed here, not read as images.</summary>
public sealed class Prepare_Specs : IDisposable
{
    private readonly JobFolder _folder = new();

    [Fact]
    public async Task Should_split_a_job_into_files_that_hold_every_image_once()
    {
        var images = Enumerable.Range(0, 10).Select(i => _folder.Write($"{(i % 3 == 0 ? "" : $"dir{i % 3}/deeper/")}photo{i}.jpg", "x")).ToList();
        _folder.Write("dir1/photo.png", "not matched");

        // A pattern and a path naming some images twice: each is in the job once.
        var prepare = await MassEnrollTool.RunAsync(_folder.Path, "--job", "split.job", "prepare", "--split", "3", "**/*.jpg", "photo0.jpg");

        Assert.True(prepare.ExitCode == 0, prepare.All);
        var parts = new[] { "split.job.1", "split.job.2", "split.job.3" }.Select(part => Paths(_folder.Images(part))).ToList();
        Assert.Equal(images.Order(), parts.SelectMany(part => part).Order());
        Assert.All(parts, part => Assert.InRange(part.Count, 3, 4));
        Assert.False(File.Exists(_folder["split.job"]));
        Assert.Contains("10 files prepared for upload", prepare.Output);
    }

    [Fact]
    public async Task Should_take_meta_from_a_quoted_csv_and_leave_images_it_does_not_list_empty()
    {
        _folder.Write("dir1/photo1.jpg", "x");
        _folder.Write("dir1/photo2.jpg", "x");
        _folder.Write("dir2/photo1.jpeg", "x");
        _folder.Write("meta.csv", """
            "Phillip J. Fry","dir1/photo1.jpg"
            "Turanga ""Leela"", captain",dir2/photo1.jpeg

            """);

        var prepare = await MassEnrollTool.RunAsync(_folder.Path, "prepare", "--meta-csv=meta.csv", "**/*.jpg", "**/*.jpeg");

        Assert.True(prepare.ExitCode == 0, prepare.All);
        Assert.Equal(new Dictionary<string, string>
        {
            [_folder["dir1/photo1.jpg"]] = "Phillip J. Fry",
            [_folder["dir1/photo2.jpg"]] = "",
            [_folder["dir2/photo1.jpeg"]] = "Turanga \"Leela\", captain",
        }, Meta(_folder.Images("ffmassenroll.job")));
    }

    [Fact]
    public async Task Should_take_meta_from_companion_files_the_file_name_or_a_constant()
    {
        _folder.Write("subdir/photo1.jpg", "x");
        _folder.Write("subdir/photo1.txt", "Phillip J. Fry\n");
        _folder.Write("subdir/photo2.png", "x");

        Assert.Equal(0, (await MassEnrollTool.RunAsync(_folder.Path, "--job", "companion.job", "prepare", "--meta-companion", "txt", "subdir/*.jpg", "subdir/*.png")).ExitCode);
        Assert.Equal(0, (await MassEnrollTool.RunAsync(_folder.Path, "--job", "names.job", "prepare", "--meta-filename", "subdir/*.jpg", "subdir/*.png")).ExitCode);
        Assert.Equal(0, (await MassEnrollTool.RunAsync(_folder.Path, "--job", "constant.job", "prepare", "--meta-const=Phillip J. Fry", "subdir/*.jpg")).ExitCode);

        Assert.Equal(["Phillip J. Fry", ""], Meta(_folder.Images("companion.job")).Values);
        Assert.Equal(["photo1", "photo2"], Meta(_folder.Images("names.job")).Values);
        Assert.Equal(["Phillip J. Fry"], Meta(_folder.Images("constant.job")).Values);
    }

    [Fact]
    public async Task Should_keep_the_keys_and_states_of_images_already_in_the_job_when_prepared_again()
    {
        _folder.Write("photo1.jpg", "x");
        await MassEnrollTool.RunAsync(_folder.Path, "prepare", "*.jpg");
        var first = _folder.Images("ffmassenroll.job").Single();
        _folder.Write("photo2.jpg", "x");

        await MassEnrollTool.RunAsync(_folder.Path, "prepare", "--meta-const", "now named", "*.jpg");

        var again = _folder.Images("ffmassenroll.job");
        Assert.Equal(2, again.Count);
        Assert.Equal(first.GetProperty("key").GetString(), again[0].GetProperty("key").GetString());
        Assert.NotEqual(first.GetProperty("key").GetString(), again[1].GetProperty("key").GetString());
        Assert.All(again, image => Assert.Equal("now named", image.GetProperty("meta").GetString()));
    }

    [Theory]
    [InlineData("no-such-folder/*.jpg", "No file matches 'no-such-folder/*.jpg'")]
    [InlineData("missing.jpg", "No file matches 'missing.jpg'")]
    public async Task Should_refuse_a_path_that_names_no_file(string pattern, string message)
    {
        _folder.Write("photo1.jpg", "x");

        var prepare = await MassEnrollTool.RunAsync(_folder.Path, "prepare", "*.jpg", pattern);

        Assert.Equal(2, prepare.ExitCode);
        Assert.Contains(message, prepare.Error);
        Assert.False(File.Exists(_folder["ffmassenroll.job"]));
    }

    [Theory]
    [InlineData("\"Fry\",\"photo1.jpg\"\n\"Leela\",\"photo2.jpg\",\"extra\"\n", "line 2: expected 2 fields (metastring, image), found 3")]
    [InlineData("\"Fry\",\"photo1.jpg\"\n\"Leela,photo2.jpg\n", "line 3: a quoted field is not closed")]
    [InlineData("Fry,photo\"1.jpg\n", "line 1: a quote inside an unquoted field")]
    public async Task Should_refuse_a_malformed_csv_naming_its_line(string csv, string message)
    {
        _folder.Write("photo1.jpg", "x");
        _folder.Write("meta.csv", csv);

        var prepare = await MassEnrollTool.RunAsync(_folder.Path, "prepare", "--meta-csv", "meta.csv", "*.jpg");

        Assert.Equal(2, prepare.ExitCode);
        Assert.Contains("meta.csv, " + message, prepare.Error);
        Assert.False(File.Exists(_folder["ffmassenroll.job"]));
    }

    [Theory]
    [InlineData("prepare", "--meta-const", "a", "--meta-filename", "*.jpg")]
    [InlineData("prepare", "--meta-csv", "no-such.csv", "*.jpg")]
    [InlineData("prepare", "--split", "0", "*.jpg")]
    [InlineData("prepare", "--split", "many", "*.jpg")]
    [InlineData("prepare")]
    [InlineData("print")]
    [InlineData("run", "--parallel", "0")]
    [InlineData("run", "--api", "ftp://example.org/")]
    [InlineData("run", "--mf-selector", "first")]
    [InlineData("enroll")]
    public async Task Should_refuse_bad_arguments_with_exit_code_2_and_a_message(params string[] args)
    {
        _folder.Write("photo1.jpg", "x");

        var tool = await MassEnrollTool.RunAsync(_folder.Path, args);

        Assert.True(tool.ExitCode == 2, tool.All);
        Assert.StartsWith("Error: ", tool.Error);
    }

    private static List<string> Paths(IReadOnlyList<JsonElement> images) => images.Select(image => image.GetProperty("image").GetString()!).ToList();

    private static Dictionary<string, string> Meta(IReadOnlyList<JsonElement> images) =>
        images.ToDictionary(image => image.GetProperty("image").GetString()!, image => image.GetProperty("meta").GetString()!);

    public void Dispose() => _folder.Dispose();
}
