/** A fake audio context: `running` only after `resume()` (as a browser's autoplay rule has it). */
export class FakeAudio {
  state: AudioContextState = 'suspended';
  currentTime = 0;
  oscillators = 0;
  connected = 0;
  readonly destination = {} as AudioDestinationNode;
  resume = async () => {
    this.state = 'running';
  };
  createGain = () => {
    const param = { value: 1, setValueAtTime: () => param, linearRampToValueAtTime: () => param };
    return {
      gain: param,
      connect: () => {
        this.connected++;
      },
      disconnect: () => {
        this.connected = 0;
      },
    } as unknown as GainNode;
  };
  createOscillator = () => {
    this.oscillators++;
    return { frequency: { value: 0 }, connect() {}, start() {}, stop() {} } as unknown as OscillatorNode;
  };
}
