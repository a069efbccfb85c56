// The Azure Bot that Teams and Microsoft 365 Copilot reach the bot through, with its two channels: Microsoft
// Teams (chats, the message extension in Teams) and Microsoft 365 Extensions (Copilot calls the message
// extension only through it). The services run wherever you host them (Kubernetes: README "Deploying"); this
// registers their endpoint and identity. The Agents Toolkit runs it in its provision step (arm/deploy) and
// writes the outputs into env/.env.{environment}.

@description('The Azure Bot resource name: globally unique, 2 to 64 letters, digits, hyphens or underscores.')
@minLength(2)
@maxLength(64)
param botServiceName string

@description('The name users see for the bot.')
@maxLength(42)
param botDisplayName string = 'Handoff'

@description('Where Teams and Copilot send activities: https://<host>/api/messages (a dev tunnel locally; the ingress in front of botgateway when deployed).')
param botEndpoint string

@description('SingleTenant: an Entra app registration of this tenant (aadApp/create makes it; its client id is botAppId, its secret the gateway\'s MicrosoftAppPassword). UserAssignedMSI: a managed identity made here, for services hosted in Azure (AKS workload identity, App Service).')
@allowed([
  'SingleTenant'
  'UserAssignedMSI'
])
param botAppType string = 'SingleTenant'

@description('SingleTenant only: the app registration\'s client id. Left empty for UserAssignedMSI.')
param botAppId string = ''

@description('F0 is free (standard channels such as Teams and Microsoft 365 are free on either); S1 for premium channels.')
@allowed([
  'F0'
  'S1'
])
param botServiceSku string = 'F0'

@description('Where the managed identity lives (the bot itself is global).')
param location string = resourceGroup().location

var usesManagedIdentity = botAppType == 'UserAssignedMSI'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = if (usesManagedIdentity) {
  name: '${botServiceName}-identity'
  location: location
}

var appId = usesManagedIdentity ? identity!.properties.clientId : botAppId
var tenantId = usesManagedIdentity ? identity!.properties.tenantId : tenant().tenantId

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botServiceName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botServiceSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: botEndpoint
    msaAppId: appId
    msaAppType: botAppType
    msaAppTenantId: tenantId
    msaAppMSIResourceId: usesManagedIdentity ? identity.id : null
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

resource microsoft365Channel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'M365Extensions'
  location: 'global'
  properties: {
    channelName: 'M365Extensions'
  }
}

// What the gateway reads (README "Configuration"): MicrosoftAppId, MicrosoftAppType, MicrosoftAppTenantId;
// with SingleTenant also MicrosoftAppPassword, the app registration's secret, which never passes through here.
output BOT_ID string = appId
output BOT_TENANT_ID string = tenantId
output BOT_APP_TYPE string = botAppType
output BOT_SERVICE_NAME string = bot.name
output BOT_MANAGED_IDENTITY_RESOURCE_ID string = usesManagedIdentity ? identity.id : ''
