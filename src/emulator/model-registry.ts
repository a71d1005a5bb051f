// Resolves client model ids (bare id, inference-profile id or ARN) to built-in or replay models.
import { builtInModel, type EmulatorModel } from './models.ts';
import { loadRecordings, replayModel } from './replay.ts';

const PROFILE_PREFIX = /^(us|eu|apac|global|jp|au|ca|us-gov)\./;

export class ModelRegistry {
  private readonly runtimeCache = new Map<string, Promise<EmulatorModel>>();

  constructor(private readonly replay: Record<string, string>) {}

  /**
   * The table key a model id refers to: the id itself, the part after the last `/` of an ARN, each with a
   * system inference-profile prefix (`us.`, `global.` …) removed. Undefined when no model answers to it.
   */
  resolve(modelId: string): string | undefined {
    const tail = modelId.startsWith('arn:') ? modelId.slice(modelId.lastIndexOf('/') + 1) : modelId;
    for (const candidate of [modelId, tail, tail.replace(PROFILE_PREFIX, '')]) {
      if (Object.hasOwn(this.replay, candidate) || builtInModel(candidate)) return candidate;
    }
    return undefined;
  }

  /** A fresh model for a batch job: replay files are read once per job, as the brief asks. */
  async forJob(modelId: string): Promise<EmulatorModel> {
    const key = this.resolve(modelId);
    if (key === undefined) throw new Error(`Model ${modelId} is not available`);
    const file = Object.hasOwn(this.replay, key) ? this.replay[key] : undefined;
    if (file !== undefined) return replayModel(file, await loadRecordings(file));
    return builtInModel(key) as EmulatorModel;
  }

  /** The model for runtime Converse calls: replay files are loaded on first use and cached for the emulator's life. */
  forRuntime(modelId: string): Promise<EmulatorModel> | undefined {
    const key = this.resolve(modelId);
    if (key === undefined) return undefined;
    let model = this.runtimeCache.get(key);
    if (!model) {
      model = this.forJob(key);
      // Do not cache a failed load: the file may be fixed and retried.
      model.catch(() => this.runtimeCache.delete(key));
      this.runtimeCache.set(key, model);
    }
    return model;
  }
}
