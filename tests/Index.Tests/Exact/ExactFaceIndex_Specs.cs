using Workers.Index;
using Workers.Index.Exact;

namespace Index.Tests.Exact;

public sealed class ExactFaceIndex_Specs : FaceIndexContract
{
    protected override IFaceIndex CreateIndex() => new ExactFaceIndex();
}
