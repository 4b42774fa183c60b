namespace Janus.Media.Sdp;

/// <summary>
/// A line the model has no typed property for (<c>i=</c>, <c>u=</c>, <c>e=</c>, <c>p=</c>, <c>b=</c>, <c>r=</c>,
/// <c>z=</c>, <c>k=</c>, extra <c>t=</c>, or an unknown type letter), kept verbatim so it is written back.
/// </summary>
public sealed record SdpLine(char Type, string Value)
{
    public override string ToString() => Type + "=" + Value;
}
