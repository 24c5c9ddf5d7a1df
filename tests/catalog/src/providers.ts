// Importing each provider package registers it with core's registry.
import '@infrafabric/aws';
import '@infrafabric/azure';
import '@infrafabric/discord';
import '@infrafabric/home-assistant';
import '@infrafabric/obs';
import '@infrafabric/slack';
import '@infrafabric/stripe';
import '@infrafabric/telegram';
import '@infrafabric/twilio';
import '@infrafabric/vmix';
import '@infrafabric/vonage';
import '@infrafabric/whatsapp';
