// Synthetic audio and video for @roamhq/wrtc peers: a sine tone and moving gray bars,
// fed on timers like a camera and a microphone would.
import wrtc from '@roamhq/wrtc';

const { RTCAudioSource, RTCVideoSource } = wrtc.nonstandard;

export function startFakeMedia({ width = 320, height = 240, fps = 30 } = {}) {
  const audioSource = new RTCAudioSource();
  const videoSource = new RTCVideoSource();
  const sampleRate = 48000;
  const samples = new Int16Array(sampleRate / 100); // 10 ms frames, as WebRTC wants
  let phase = 0;
  const audioTimer = setInterval(() => {
    for (let i = 0; i < samples.length; i++) {
      samples[i] = Math.round(Math.sin(phase) * 8000);
      phase += (2 * Math.PI * 440) / sampleRate;
    }
    audioSource.onData({ samples, sampleRate, bitsPerSample: 16, channelCount: 1, numberOfFrames: samples.length });
  }, 10);

  const frame = new Uint8ClampedArray(width * height * 1.5);
  let tick = 0;
  const videoTimer = setInterval(() => {
    tick++;
    for (let y = 0; y < height; y++) {
      const v = (y + tick * 4) & 0xff;
      frame.fill(v, y * width, (y + 1) * width);
    }
    frame.fill(128, width * height);
    videoSource.onFrame({ width, height, data: frame });
  }, 1000 / fps);

  return {
    audioTrack: audioSource.createTrack(),
    videoTrack: videoSource.createTrack(),
    stop() {
      clearInterval(audioTimer);
      clearInterval(videoTimer);
    },
  };
}
