using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Benchmarks.Features.Extract;

/// <summary>Each benchmark's mean over the sum of the means of its class's raw benchmarks (category <see cref="RawCategory"/>):
/// on the API's row, how much more the whole request costs than ONNX Runtime running its models.</summary>
public sealed class RawTotalColumn : IColumn
{
    public const string RawCategory = "raw";

    public string Id => nameof(RawTotalColumn);
    public string ColumnName => "Mean / raw total";
    public string Legend => $"Mean over the sum of the means of the '{RawCategory}' benchmarks";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;

    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var raw = summary.BenchmarksCases
            .Where(b => b.Descriptor.Categories.Contains(RawCategory))
            .Sum(b => summary[b]?.ResultStatistics?.Mean ?? double.NaN);
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean ?? double.NaN;
        return double.IsNaN(mean / raw) ? "NA" : (mean / raw).ToString("F2");
    }

    public override string ToString() => ColumnName;
}
