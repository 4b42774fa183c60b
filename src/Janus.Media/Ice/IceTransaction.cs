namespace Janus.Media.Ice;

/// <summary>An outstanding connectivity or consent check (RFC 8445 §7.2.4, RFC 7675 §5.1).</summary>
internal sealed class IceTransaction
{
    public IceTransaction(TransactionKey key, IceCandidatePair pair, byte[] request, int length, byte[] remotePassword, IceRole role)
    {
        Key = key;
        Pair = pair;
        Request = request;
        Length = length;
        RemotePassword = remotePassword;
        Role = role;
    }

    public TransactionKey Key { get; }
    public IceCandidatePair Pair { get; }
    public byte[] Request { get; }
    public int Length { get; }
    /// <summary>The key the response must be signed with: the remote password of the generation the check was sent in.</summary>
    public byte[] RemotePassword { get; }
    public IceRole Role { get; }
    public bool Nominate { get; init; }
    public bool Consent { get; init; }
    public int Attempts { get; set; }
    public long RtoMs { get; set; }
    public long NextSendAt { get; set; }
    public long ExpiresAt { get; set; }
}
