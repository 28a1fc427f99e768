export * from './builders';
export * from './fakeProvider';
export * from './memoryEventSink';
