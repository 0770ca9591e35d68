// A short chime for news while someone looks elsewhere (WebAudio: no file to fetch). Browsers allow
// sound only after the page was used; before that it stays silent.

export function chime(frequency = 660) {
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = frequency;
    gain.gain.setValueAtTime(0.1, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.3);
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.3);
  } catch { /* not allowed yet */ }
}
