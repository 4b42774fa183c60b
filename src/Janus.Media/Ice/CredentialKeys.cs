using System.Text;

namespace Janus.Media.Ice;

/// <summary>The byte forms of one ICE generation's credentials, ready for USERNAME and MESSAGE-INTEGRITY.</summary>
internal sealed class CredentialKeys
{
    public CredentialKeys(IceCredentials local, IceCredentials? remote)
    {
        Local = local;
        LocalUfrag = Encoding.UTF8.GetBytes(local.Ufrag);
        LocalPassword = Encoding.UTF8.GetBytes(local.Password);
        Remote = remote;
        if (remote is not null)
        {
            RemoteUfrag = Encoding.UTF8.GetBytes(remote.Ufrag);
            RemotePassword = Encoding.UTF8.GetBytes(remote.Password);
        }
    }

    public IceCredentials Local { get; }
    public IceCredentials? Remote { get; }
    public byte[] LocalUfrag { get; }
    /// <summary>RFC 8489 §9.1.1: the short-term key is the password itself (SASLprep is the identity for ice-chars).</summary>
    public byte[] LocalPassword { get; }
    public byte[]? RemoteUfrag { get; }
    public byte[]? RemotePassword { get; }

    public CredentialKeys WithRemote(IceCredentials remote) => new(Local, remote);
}
